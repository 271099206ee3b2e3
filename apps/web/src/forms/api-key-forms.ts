import { API_KEY_NAME_MAX } from '@app/identity';
import { RequiredText } from './forms';

/** Creating an API key: its name (what it is for). */
export class ApiKeyForm {
  @RequiredText('Name', 'Enter a name for the key', API_KEY_NAME_MAX)
  name: string;
}
