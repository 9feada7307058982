import type { Infra } from '../load/model';
import { isObject } from '../load/model';
import type { Problem } from '../problems';

/** A guide's display path and text. */
export interface Guide {
  file: string;
  text: string;
}

/** The guide's shell commands, with backslash-continued lines joined. */
export function commandsOf(text: string): string[] {
  return text
    .replace(/\s*\\\n\s*/g, ' ')
    .split('\n')
    .map(line => line.trim().replace(/^\$\s+/, ''));
}

/** Component folders infra/kustomization.yaml lists (`postgres`, `minio`, …). */
function componentDirs(infra: Infra): string[] {
  const dirs = new Set<string>();
  for (const object of infra.objects) {
    const match = /^infra\/([^/]+)\//.exec(object.file);
    if (match) dirs.add(match[1]);
  }
  return [...dirs].sort();
}

/** Images built from this repository (lakehouse/<name>:<tag>), by the manifests that run them. */
function builtImages(infra: Infra): string[] {
  const images = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isObject(node))
      for (const [key, value] of Object.entries(node)) {
        if (
          key === 'image' &&
          typeof value === 'string' &&
          value.startsWith('lakehouse/')
        )
          images.add(value);
        else visit(value);
      }
  };
  infra.objects.forEach(object => visit(object.body));
  return [...images].sort();
}

/**
 * The setup guide matches infra/: it installs every Helm release at the
 * pinned chart version with its values file, builds every image the
 * manifests run from this repository with the same tag, creates the secrets
 * from the templates, and applies every component folder; every infra/ path
 * it applies exists.
 */
export function checkSetupGuide(infra: Infra, guide: Guide): Problem[] {
  const problems: Problem[] = [];
  const report = (message: string) =>
    problems.push({ file: guide.file, message });
  const commands = commandsOf(guide.text);
  const has = (test: (command: string) => boolean) => commands.some(test);

  for (const release of infra.releases) {
    const install = commands.find(command =>
      new RegExp(`^helm (install|upgrade --install) ${release.name}\\s`).test(
        command,
      ),
    );
    if (!install) {
      report(
        `has no helm install ${release.name} command (infra/helm-releases.yaml)`,
      );
      continue;
    }
    if (!install.includes(`--version ${release.version}`)) {
      report(
        `installs ${release.name} without --version ${release.version}, the version infra/helm-releases.yaml pins`,
      );
    }
    if (release.valuesFile && !install.includes(release.valuesFile)) {
      report(
        `installs ${release.name} without its values file ${release.valuesFile}`,
      );
    }
  }

  for (const image of builtImages(infra)) {
    if (
      !has(
        command =>
          /^docker build\s/.test(command) && command.includes(`-t ${image}`),
      )
    ) {
      report(
        `never builds image ${image}, which the manifests run (docker build ... -t ${image})`,
      );
    }
  }

  if (infra.secretTemplates.length > 0) {
    if (!has(command => command.includes('infra/secrets/generate.sh')))
      report(
        'never runs infra/secrets/generate.sh, so the Secrets the manifests read do not exist',
      );
    if (
      !has(command => /^kubectl apply -f infra\/secrets\/?(\s|$)/.test(command))
    )
      report(
        'never applies the generated secrets (kubectl apply -f infra/secrets/)',
      );
  }

  const appliesAll = has(command =>
    /^kubectl apply -k infra\/?(\s|$)/.test(command),
  );
  for (const dir of componentDirs(infra)) {
    if (
      !appliesAll &&
      !has(command =>
        new RegExp(`^kubectl apply -k infra/${dir}/?(\\s|$)`).test(command),
      )
    ) {
      report(`never applies infra/${dir} (kubectl apply -k infra/${dir})`);
    }
  }

  problems.push(...checkPaths(infra, guide, commands));
  return problems;
}

/**
 * The teardown guide matches infra/: it deletes every component folder and
 * uninstalls every Helm release, and names the volume claims each
 * StatefulSet leaves behind (deleting the StatefulSet keeps them).
 */
export function checkTeardownGuide(infra: Infra, guide: Guide): Problem[] {
  const problems: Problem[] = [];
  const report = (message: string) =>
    problems.push({ file: guide.file, message });
  const commands = commandsOf(guide.text);
  const has = (test: (command: string) => boolean) => commands.some(test);

  for (const release of infra.releases) {
    if (
      !has(command =>
        new RegExp(`^helm uninstall ${release.name}(\\s|$)`).test(command),
      )
    )
      report(
        `never uninstalls Helm release ${release.name} (helm uninstall ${release.name})`,
      );
  }
  const deletesAll = has(command =>
    /^kubectl delete -k infra\/?(\s|$)/.test(command),
  );
  for (const dir of componentDirs(infra)) {
    if (
      !deletesAll &&
      !has(command =>
        new RegExp(`^kubectl delete -k infra/${dir}/?(\\s|$)`).test(command),
      )
    ) {
      report(`never deletes infra/${dir} (kubectl delete -k infra/${dir})`);
    }
  }
  for (const object of infra.objects.filter(o => o.kind === 'StatefulSet')) {
    const spec = isObject(object.body.spec) ? object.body.spec : {};
    const templates = Array.isArray(spec.volumeClaimTemplates)
      ? spec.volumeClaimTemplates
      : [];
    for (const template of templates) {
      const claim =
        isObject(template) && isObject(template.metadata)
          ? template.metadata.name
          : undefined;
      if (typeof claim !== 'string') continue;
      const name = `${claim}-${object.name}-0`;
      if (!guide.text.includes(name))
        report(
          `never names PersistentVolumeClaim ${name} of StatefulSet ${object.name}, which outlives the StatefulSet and holds its data`,
        );
    }
  }
  problems.push(...checkPaths(infra, guide, commands));
  return problems;
}

/** Every infra/ path a kubectl or helm command names exists. */
function checkPaths(infra: Infra, guide: Guide, commands: string[]): Problem[] {
  const problems: Problem[] = [];
  const known = new Set<string>(infra.texts.map(text => text.file));
  for (const text of infra.texts) {
    const parts = text.file.split('/');
    for (let i = 1; i < parts.length; i++)
      known.add(parts.slice(0, i).join('/'));
  }
  for (const command of commands) {
    if (
      !/^(kubectl|helm|docker|bash|sh|\.\/)/.test(command) &&
      !command.startsWith('infra/')
    )
      continue;
    for (const match of command.matchAll(/(?<![\w/.-])infra(\/[\w./-]*)?/g)) {
      const target = match[0].replace(/\/+$/, '');
      if (!known.has(target)) {
        problems.push({
          file: guide.file,
          message: `\`${command}\` names ${match[0]}, which does not exist`,
        });
      }
    }
  }
  return problems;
}
