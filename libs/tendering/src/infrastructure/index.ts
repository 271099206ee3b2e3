import { BidEntity, BidSubmissionEntity, ScoreEntity } from './bid.entity';
import { ContractEntity, ContractSupplierEntity, DirectAwardEntity } from './contract.entity';
import { AssignmentEntity, CriterionEntity, QuestionEntity, RequirementEntity } from './requirement.entity';

export {
  AssignmentEntity,
  BidEntity,
  BidSubmissionEntity,
  ContractEntity,
  ContractSupplierEntity,
  CriterionEntity,
  DirectAwardEntity,
  QuestionEntity,
  RequirementEntity,
  ScoreEntity,
};

export const TENDERING_ENTITIES = [
  RequirementEntity,
  CriterionEntity,
  AssignmentEntity,
  QuestionEntity,
  BidEntity,
  BidSubmissionEntity,
  ScoreEntity,
  ContractEntity,
  ContractSupplierEntity,
  DirectAwardEntity,
];
