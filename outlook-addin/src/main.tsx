import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { TaskPane } from './TaskPane';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <TaskPane />
  </StrictMode>,
);
