export { TenderingHttpModule, TenderingModule } from './tendering.module';
export * from './domain/requirement-lifecycle';
export { DEFAULT_PUBLISH_RULES, PublishRules, publishProblems } from './domain/publish-checks';
export { BidTotal, weightedTotals } from './domain/scoring';
export {
  AssignmentView,
  CriterionView,
  REQUIREMENT_CURRENCIES,
  REQUIREMENT_NOT_FOUND,
  RequirementInput,
  RequirementView,
  RequirementsService,
} from './application/requirements.service';
export { QuestionsService, QuestionView } from './application/questions.service';
export { BidsService, BidReceipt, BidView, BIDS_CLOSED, BIDS_SEALED, bidDigestContent } from './application/bids.service';
export { EvaluationService, ContractView, EvaluationView, ALREADY_AWARDED } from './application/evaluation.service';
export { DirectAwardsService, DirectAwardInput, DirectAwardView } from './application/direct-awards.service';
