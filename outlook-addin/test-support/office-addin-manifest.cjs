// office-addin-mock needs only office-addin-manifest's OfficeApp names. The real package pulls in
// manifest tooling that ships ES modules jest cannot load as CommonJS, so tests get just the names
// (the values office-addin-manifest 2.x/3.x exports).
'use strict';
exports.OfficeApp = {
  Excel: 'excel',
  OneNote: 'onenote',
  Outlook: 'outlook',
  PowerPoint: 'powerpoint',
  Project: 'project',
  Word: 'word',
};
