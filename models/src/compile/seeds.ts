/** Seeds as nodes: their config, relation and CSV text (loading them is ../seeds.ts's). */
import { folderConfig, MODEL_CONFIG_KEYS, tagsOf, text } from './config.js'
import { type CompileSession, isDuplicate, relation } from './context.js'

/** Adds every enabled seed of the project to `session.byName`. */
export function compileSeeds(session: CompileSession): void {
  const { project, problems, byName } = session
  for (const seed of project.seeds) {
    if (isDuplicate(session, seed)) continue
    const properties = project.properties.get(seed.name)
    const config = {
      ...folderConfig(project.seedConfig, project.name, seed.folders),
      ...properties?.config,
    }
    const unknown = Object.keys(config).find((key) => !MODEL_CONFIG_KEYS.has(key))
    if (unknown)
      problems.push({
        file: seed.path,
        model: seed.name,
        message: `unknown config key '${unknown}'`,
      })
    if (config.enabled === false) continue
    const schema = session.schemaFor(text(config.schema), seed)
    const alias = text(config.alias) ?? seed.name
    byName.set(seed.name, {
      uniqueId: `seed.${project.name}.${seed.name}`,
      resourceType: 'seed',
      name: seed.name,
      fqn: [project.name, ...seed.folders, seed.name],
      path: seed.path,
      tags: tagsOf(config.tags),
      dependsOn: [],
      schema,
      alias,
      relationName: relation(schema, alias),
      rawCode: '',
      sql: '',
      config: { column_types: {}, ...config },
      description: properties?.description ?? '',
      columns: properties?.columns ?? [],
      csv: seed.text,
    })
  }
}
