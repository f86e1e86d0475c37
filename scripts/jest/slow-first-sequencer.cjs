// Longest test files first, so that no long file starts last and keeps the run waiting
// on one worker. Jest does this itself from its cache of the last run's durations, but a
// clean clone (CI) has no cache and Jest then orders by file size, which says little here:
// the long files are the ones that wait on the service limits they test. So a file with
// no cached duration takes the one recorded in durations.json (refreshed with
// `npm run jest:durations`). A file named nowhere counts as short (0): Jest would otherwise
// run every file without a time before every file with one.
const Sequencer = require('@jest/test-sequencer').default;
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '../..');
const recordedPath = path.join(__dirname, 'durations.json');
const recorded = fs.existsSync(recordedPath)
  ? JSON.parse(fs.readFileSync(recordedPath, 'utf8'))
  : {};

class SlowFirstSequencer extends Sequencer {
  time(test) {
    return (
      super.time(test) ?? recorded[path.relative(root, test.path).split(path.sep).join('/')] ?? 0
    );
  }
}

module.exports = SlowFirstSequencer;
