// Lets the scaffolder's template editor open a template directory in a
// headless browser. The editor reads local directories through the File
// System Access API (window.showDirectoryPicker), whose native dialog a test
// cannot click; this hands it a directory with the same files instead.
import fs from 'node:fs';
import path from 'node:path';

/** Every file under `dir`, as { 'relative/path': text }. */
export function readTemplateDirectory(dir) {
  const files = {};
  const walk = sub => {
    for (const entry of fs.readdirSync(path.join(dir, sub), {
      withFileTypes: true,
    })) {
      const relative = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(relative);
      else files[relative] = fs.readFileSync(path.join(dir, relative), 'utf8');
    }
  };
  walk('');
  return files;
}

/**
 * Runs in the page before the app loads: installs a showDirectoryPicker that
 * answers a directory of the origin private file system holding the files of
 * one of `directories` ({ name: { 'relative/path': text } }): the one named by
 * `window.templateDirectoryToOpen`, set by the test before it asks. Those are
 * real FileSystemDirectoryHandles, which the editor can keep in IndexedDB
 * like the handles the native picker gives.
 */
export function installDirectoryPicker(directories) {
  window.showDirectoryPicker = async () => {
    const name = window.templateDirectoryToOpen;
    const files = directories[name];
    if (!files) throw new Error(`No template directory named '${name}'`);
    const root = await navigator.storage.getDirectory();
    await root.removeEntry(name, { recursive: true }).catch(() => {});
    const dir = await root.getDirectoryHandle(name, { create: true });
    for (const [filePath, text] of Object.entries(files)) {
      const parts = filePath.split('/');
      let parent = dir;
      for (const part of parts.slice(0, -1)) {
        parent = await parent.getDirectoryHandle(part, { create: true });
      }
      const file = await parent.getFileHandle(parts[parts.length - 1], {
        create: true,
      });
      const writable = await file.createWritable();
      await writable.write(text);
      await writable.close();
    }
    return dir;
  };
}
