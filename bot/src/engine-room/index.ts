// The Engine Room feature's contract: what the service and other features may use.
export { engineRoomStore, type EngineRoomStore } from './engine-room-store';
export { engineRoomApi } from './routes';
export { engineRoomFeature, engineRoomRecords } from './engine-room-feature';
