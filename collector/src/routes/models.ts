import { CompileError } from '@leadhouse/models'
import { Hono, type MiddlewareHandler } from 'hono'
import { ApiError } from '../errors.js'
import type { ModelsScheduler } from '../models-scheduler.js'

/** `POST /api/v1/models/run`: build the models now and answer with the run's results. */
export function modelRoutes(models: ModelsScheduler, authorize: MiddlewareHandler): Hono {
  return new Hono().post('/api/v1/models/run', authorize, async (c) => {
    try {
      return c.json(await models.run())
    } catch (error) {
      if (error instanceof CompileError)
        throw new ApiError(500, 'models_compile_error', error.message)
      throw error
    }
  })
}
