export { AppConfig, ConfigValidationError, loadConfig, readEnvFile } from './app-config';
export { ConfigModule } from './config.module';
