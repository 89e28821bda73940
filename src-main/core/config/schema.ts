/** The terminal configuration schema lives in the contract (the settings screens edit it); the core re-exports it. */
export * from '../../contract/config';
export { deviceConfigSchema } from '../../contract/devices';
