export { AppConfig, ConfigValidationError, loadConfig, loadConfigOrExit, readEnvFile } from './app-config';
export { ConfigModule } from './config.module';
