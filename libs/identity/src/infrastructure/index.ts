import { ApiKeyEntity } from './api-key.entity';
import { AuthSessionEntity } from './auth-session.entity';
import { InvitationEntity } from './invitation.entity';
import { OrganisationEntity } from './organisation.entity';
import { PublicSectorDomainEntity } from './public-sector-domain.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { UserEntity } from './user.entity';

export { ApiKeyEntity, AuthSessionEntity, InvitationEntity, OrganisationEntity, PublicSectorDomainEntity, RefreshTokenEntity, UserEntity };

export const IDENTITY_ENTITIES = [
  OrganisationEntity,
  UserEntity,
  AuthSessionEntity,
  RefreshTokenEntity,
  InvitationEntity,
  PublicSectorDomainEntity,
  ApiKeyEntity,
];
