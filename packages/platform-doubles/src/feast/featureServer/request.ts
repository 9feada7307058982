/*
 * Reading the body of POST /get-online-features as FastAPI does before Feast
 * sees it: the JSON body (fastapi/routing.py: parsed when the Content-Type is
 * absent, application/json or application/*+json; a JSON error becomes a
 * `json_invalid` error at ["body", pos]) validated against Feast's pydantic
 * model GetOnlineFeaturesRequest (sdk/python/feast/feature_server.py):
 *
 *   entities: Dict[str, List[Any]]          (required)
 *   feature_service: Optional[str] = None
 *   features: List[str] = []
 *   full_feature_names: bool = False
 *   include_feature_view_version_metadata: bool = False
 *
 * Every failure is collected, in field order, as pydantic v2 reports it
 * (type, loc, msg, input[, ctx]); FastAPI answers 422 `{"detail": [...]}`.
 */
import {
  PyFloat,
  PyInt,
  PyJsonDecodeError,
  type PyJsonOut,
  pyJsonDumps,
  pyJsonLoads,
  type PyValue,
} from './python';

/** One error of FastAPI's 422 answer. */
export interface ValidationErrorDetail {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: PyJsonOut;
  ctx?: Record<string, PyJsonOut>;
}

/** The request once FastAPI validated it (entity values still as JSON decoded them). */
export interface OnlineFeaturesRequestBody {
  entities: Map<string, PyValue[]>;
  featureService: string | null;
  features: string[];
  fullFeatureNames: boolean;
}

/** FastAPI's 422 body: `{"detail": [...]}` with each error's keys in pydantic's order. */
export function validationErrorBody(errors: ValidationErrorDetail[]): string {
  return pyJsonDumps({
    detail: errors.map(({ type, loc, msg, input, ctx }) => {
      const error: Record<string, PyJsonOut> = { type, loc, msg, input };
      if (ctx) error.ctx = ctx;
      return error;
    }),
  });
}

const TRUE_WORDS = ['1', 'on', 't', 'true', 'y', 'yes'];
const FALSE_WORDS = ['0', 'off', 'f', 'false', 'n', 'no'];

/** pydantic's lax bool: true/false, 0/1, 0.0/1.0 and the yes/no words. */
function validateBool(
  value: PyValue,
  loc: (string | number)[],
  errors: ValidationErrorDetail[],
): boolean {
  if (typeof value === 'boolean') return value;
  let parsed: boolean | undefined;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.includes(word)) parsed = true;
    else if (FALSE_WORDS.includes(word)) parsed = false;
  } else if (value instanceof PyInt || value instanceof PyFloat) {
    const n = Number(value.value);
    if (n === 1) parsed = true;
    else if (n === 0) parsed = false;
  } else {
    errors.push({
      type: 'bool_type',
      loc,
      msg: 'Input should be a valid boolean',
      input: value,
    });
    return false;
  }
  if (parsed === undefined) {
    errors.push({
      type: 'bool_parsing',
      loc,
      msg: 'Input should be a valid boolean, unable to interpret input',
      input: value,
    });
    return false;
  }
  return parsed;
}

function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const [type] = contentType.split(';');
  const [main, sub = ''] = type.trim().toLowerCase().split('/');
  return main === 'application' && (sub === 'json' || sub.endsWith('+json'));
}

/**
 * The validated request, or the errors of FastAPI's 422 answer.
 */
export function readOnlineFeaturesRequest(
  body: string,
  contentType: string | undefined,
):
  | { request: OnlineFeaturesRequestBody }
  | { errors: ValidationErrorDetail[] } {
  if (body.length === 0) {
    return {
      errors: [
        { type: 'missing', loc: ['body'], msg: 'Field required', input: null },
      ],
    };
  }
  let value: PyValue;
  if (isJsonContentType(contentType)) {
    try {
      value = pyJsonLoads(body);
    } catch (e) {
      const error = e as PyJsonDecodeError;
      return {
        errors: [
          {
            type: 'json_invalid',
            loc: ['body', error.pos],
            msg: 'JSON decode error',
            input: {},
            ctx: { error: error.msg },
          },
        ],
      };
    }
  } else {
    // FastAPI validates the raw bytes against the model.
    value = body;
  }

  if (!(value instanceof Map)) {
    return {
      errors: [
        {
          type: 'model_attributes_type',
          loc: ['body'],
          msg: 'Input should be a valid dictionary or object to extract fields from',
          input: value,
        },
      ],
    };
  }

  const errors: ValidationErrorDetail[] = [];
  const entities = new Map<string, PyValue[]>();
  const rawEntities = value.get('entities');
  if (rawEntities === undefined) {
    errors.push({
      type: 'missing',
      loc: ['body', 'entities'],
      msg: 'Field required',
      input: value,
    });
  } else if (!(rawEntities instanceof Map)) {
    errors.push({
      type: 'dict_type',
      loc: ['body', 'entities'],
      msg: 'Input should be a valid dictionary',
      input: rawEntities,
    });
  } else {
    for (const [key, values] of rawEntities) {
      if (Array.isArray(values)) {
        entities.set(key, values);
      } else {
        errors.push({
          type: 'list_type',
          loc: ['body', 'entities', key],
          msg: 'Input should be a valid list',
          input: values,
        });
      }
    }
  }

  let featureService: string | null = null;
  const rawService = value.get('feature_service');
  if (rawService !== undefined && rawService !== null) {
    if (typeof rawService === 'string') featureService = rawService;
    else {
      errors.push({
        type: 'string_type',
        loc: ['body', 'feature_service'],
        msg: 'Input should be a valid string',
        input: rawService,
      });
    }
  }

  const features: string[] = [];
  const rawFeatures = value.get('features');
  if (rawFeatures !== undefined) {
    if (!Array.isArray(rawFeatures)) {
      errors.push({
        type: 'list_type',
        loc: ['body', 'features'],
        msg: 'Input should be a valid list',
        input: rawFeatures,
      });
    } else {
      rawFeatures.forEach((item, index) => {
        if (typeof item === 'string') features.push(item);
        else {
          errors.push({
            type: 'string_type',
            loc: ['body', 'features', index],
            msg: 'Input should be a valid string',
            input: item,
          });
        }
      });
    }
  }

  let fullFeatureNames = false;
  for (const field of [
    'full_feature_names',
    'include_feature_view_version_metadata',
  ]) {
    const raw = value.get(field);
    if (raw !== undefined) {
      const parsed = validateBool(raw, ['body', field], errors);
      if (field === 'full_feature_names') fullFeatureNames = parsed;
    }
  }

  if (errors.length) return { errors };
  return { request: { entities, featureService, features, fullFeatureNames } };
}
