export { IdentityHttpModule, IdentityModule } from './identity.module';
export * from './domain/roles';
export { passwordProblems, PASSWORD_MAX, PASSWORD_MIN } from './domain/password-policy';
export { isPublicSectorDomain, initialVerificationStatus, emailDomain } from './domain/verification';
export { AuthUser, RequestMeta, auditContext, hasRole, isPlatformAdmin } from './application/auth-user';
export { AuthService, AccessClaims, TokenPair, INVALID_CREDENTIALS } from './application/auth.service';
export { SessionsService } from './application/sessions.service';
export { OrganisationsService, RegisterOrganisationInput, EMAIL_TAKEN } from './application/organisations.service';
export { InvitationsService, InvitationPreview } from './application/invitations.service';
export { UsersService } from './application/users.service';
export {
  ApiKeysService,
  ApiKeyView,
  ApiKeyPrincipal,
  CreatedApiKey,
  API_KEY_MANAGERS,
  API_KEY_NAME_TAKEN,
  API_KEY_NOT_FOUND,
  API_KEY_LIMIT_REACHED,
  API_KEY_ORGANISATION_NOT_VERIFIED,
  MAX_ACTIVE_API_KEYS,
} from './application/api-keys.service';
export { API_KEY_HEADER, API_KEY_NAME_MAX, parseApiKey } from './domain/api-key';
export { PublicSectorDomainsService } from './application/public-sector-domains.service';
export { LoginThrottleService, SIGN_IN_RATE_LIMITED } from './application/login-throttle.service';
export { PasswordHasher } from './application/password-hasher.service';
export { OrganisationView, UserView, InvitationView } from './application/views';
export { Roles, ROLES_KEY, CurrentUser, ReqMeta, requestMeta, AuthedRequest } from './http/decorators';
export { JwtAuthGuard } from './http/guards/jwt-auth.guard';
export { ApiKeyGuard, API_KEY_INVALID, API_KEY_FAILURES_RATE_LIMITED, requestApiKey } from './http/guards/api-key.guard';
export { RolesGuard } from './http/guards/roles.guard';
export { PageQueryDto } from './http/dto/organisation.dto';
