import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, PageQueryDto, ReqMeta, Roles } from '@app/identity';
import type { AuthUser, RequestMeta } from '@app/identity';
import { Public, UuidParam } from '@app/platform';
import { BidsService } from '../application/bids.service';
import { DirectAwardsService } from '../application/direct-awards.service';
import { EvaluationService } from '../application/evaluation.service';
import { QuestionsService } from '../application/questions.service';
import { RequirementsService } from '../application/requirements.service';
import {
  AnswerDto,
  AssignmentDto,
  AwardDto,
  BidDto,
  ClosingTimeDto,
  ContractListQueryDto,
  DirectAwardDto,
  QuestionDto,
  RequirementDto,
  RequirementListQueryDto,
  RequirementReasonDto,
  ScoresDto,
  ShortlistBidDto,
} from './dto/tendering.dto';

const BUYERS = ['buyer_admin', 'buyer_user'] as const;
const SUPPLIERS = ['supplier_admin', 'supplier_user'] as const;

@ApiTags('requirements')
@Controller('requirements')
export class RequirementsController {
  constructor(
    private readonly requirements: RequirementsService,
    private readonly questions: QuestionsService,
  ) {}

  /** Published requirements (live by default), soonest closing first: public. */
  @Public()
  @Get()
  list(@Query() query: RequirementListQueryDto) {
    return this.requirements.list(query);
  }

  /** The signed-in buyer organisation's requirements in every state. */
  @ApiBearerAuth()
  @Roles(...BUYERS, 'evaluator')
  @Get('mine')
  mine(@CurrentUser() user: AuthUser, @Query() page: PageQueryDto) {
    return this.requirements.listOwn(user, page);
  }

  @ApiBearerAuth()
  @Roles(...BUYERS)
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: RequirementDto, @ReqMeta() meta: RequestMeta) {
    return this.requirements.create(user, body, meta);
  }

  /** Any requirement but a draft is public; drafts only to their buyer organisation. */
  @Public()
  @Get(':requirementId')
  get(@CurrentUser() user: AuthUser | null, @UuidParam('requirementId') id: string) {
    return this.requirements.get(user, id);
  }

  @ApiBearerAuth()
  @Roles(...BUYERS)
  @Put(':requirementId')
  update(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @Body() body: RequirementDto, @ReqMeta() meta: RequestMeta) {
    return this.requirements.update(user, id, body, meta);
  }

  /** Publishes a draft after the publish checks; each failure is named by field. */
  @ApiBearerAuth()
  @Roles(...BUYERS)
  @Post(':requirementId/publish')
  @HttpCode(200)
  publish(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @ReqMeta() meta: RequestMeta) {
    return this.requirements.publish(user, id, meta);
  }

  @ApiBearerAuth()
  @Roles(...BUYERS)
  @Post(':requirementId/withdraw')
  @HttpCode(200)
  withdraw(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @Body() body: RequirementReasonDto, @ReqMeta() meta: RequestMeta) {
    return this.requirements.act(user, id, 'withdraw', body.reason, meta);
  }

  /** After closing: abandon without a contract. */
  @ApiBearerAuth()
  @Roles(...BUYERS)
  @Post(':requirementId/cancel')
  @HttpCode(200)
  cancel(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @Body() body: RequirementReasonDto, @ReqMeta() meta: RequestMeta) {
    return this.requirements.act(user, id, 'cancel', body.reason, meta);
  }

  /** After closing: no suitable bid. */
  @ApiBearerAuth()
  @Roles(...BUYERS)
  @Post(':requirementId/mark-unsuccessful')
  @HttpCode(200)
  unsuccessful(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @Body() body: RequirementReasonDto, @ReqMeta() meta: RequestMeta) {
    return this.requirements.act(user, id, 'mark-unsuccessful', body.reason, meta);
  }

  /** Buyer admins only, while live; always audited (Annex IV c). */
  @ApiBearerAuth()
  @Roles(...BUYERS)
  @Put(':requirementId/closing-time')
  closingTime(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @Body() body: ClosingTimeDto, @ReqMeta() meta: RequestMeta) {
    return this.requirements.changeClosingTime(user, id, body.closesAt, meta);
  }

  @ApiBearerAuth()
  @Roles(...BUYERS, 'evaluator')
  @Get(':requirementId/assignments')
  assignments(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string) {
    return this.requirements.assignments(user, id);
  }

  @ApiBearerAuth()
  @Roles('buyer_admin')
  @Post(':requirementId/assignments')
  assign(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @Body() body: AssignmentDto, @ReqMeta() meta: RequestMeta) {
    return this.requirements.assign(user, id, body.userId, body.role, meta);
  }

  /** Published answers (no asker identity); the buyer also sees open questions, a supplier its own. */
  @Public()
  @Get(':requirementId/questions')
  listQuestions(@CurrentUser() user: AuthUser | null, @UuidParam('requirementId') id: string) {
    return this.questions.list(user, id);
  }

  @ApiBearerAuth()
  @Roles(...SUPPLIERS)
  @Post(':requirementId/questions')
  ask(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @Body() body: QuestionDto, @ReqMeta() meta: RequestMeta) {
    return this.questions.ask(user, id, body.text, meta);
  }

  @ApiBearerAuth()
  @Roles(...BUYERS)
  @Post(':requirementId/questions/:questionId/answer')
  @HttpCode(200)
  answer(
    @CurrentUser() user: AuthUser,
    @UuidParam('requirementId') id: string,
    @UuidParam('questionId') questionId: string,
    @Body() body: AnswerDto,
    @ReqMeta() meta: RequestMeta,
  ) {
    return this.questions.answer(user, id, questionId, body.answer, meta);
  }
}

@ApiTags('bids')
@Controller('requirements/:requirementId')
export class BidsController {
  constructor(
    private readonly bids: BidsService,
    private readonly evaluation: EvaluationService,
  ) {}

  /** The supplier's own bid with its receipt. */
  @ApiBearerAuth()
  @Roles(...SUPPLIERS)
  @Get('bid')
  own(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string) {
    return this.bids.own(user, id);
  }

  @ApiBearerAuth()
  @Roles(...SUPPLIERS)
  @Put('bid')
  save(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @Body() body: BidDto, @ReqMeta() meta: RequestMeta) {
    return this.bids.save(user, id, body, meta);
  }

  /** Submits the saved bid: the receipt holds the database time and the SHA-256 digest. Refused at or after closing (409 TENDERING.CLOSED). */
  @ApiBearerAuth()
  @Roles(...SUPPLIERS)
  @Post('bid/submit')
  @HttpCode(200)
  submit(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @ReqMeta() meta: RequestMeta) {
    return this.bids.submit(user, id, meta);
  }

  @ApiBearerAuth()
  @Roles(...SUPPLIERS)
  @Post('bid/withdraw')
  @HttpCode(200)
  withdraw(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @ReqMeta() meta: RequestMeta) {
    return this.bids.withdraw(user, id, meta);
  }

  /** How many bids, by size band: public after the closing time, refused before it. */
  @Public()
  @Get('bid-counts')
  counts(@UuidParam('requirementId') id: string) {
    return this.bids.counts(id);
  }

  /** Sealed until closing; then only the requirement's assigned users. Every read and refusal audited. */
  @ApiBearerAuth()
  @Get('bids')
  list(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @ReqMeta() meta: RequestMeta) {
    return this.bids.list(user, id, meta);
  }

  @ApiBearerAuth()
  @Get('bids/:bidId')
  get(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @UuidParam('bidId') bidId: string, @ReqMeta() meta: RequestMeta) {
    return this.bids.get(user, id, bidId, meta);
  }

  @ApiBearerAuth()
  @Get('evaluation')
  evaluationView(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @ReqMeta() meta: RequestMeta) {
    return this.evaluation.evaluation(user, id, meta);
  }

  @ApiBearerAuth()
  @Roles(...BUYERS, 'evaluator')
  @Put('bids/:bidId/scores')
  score(
    @CurrentUser() user: AuthUser,
    @UuidParam('requirementId') id: string,
    @UuidParam('bidId') bidId: string,
    @Body() body: ScoresDto,
    @ReqMeta() meta: RequestMeta,
  ) {
    return this.evaluation.score(user, id, bidId, body.scores, meta);
  }

  @ApiBearerAuth()
  @Roles(...BUYERS)
  @Put('bids/:bidId/shortlist')
  shortlist(
    @CurrentUser() user: AuthUser,
    @UuidParam('requirementId') id: string,
    @UuidParam('bidId') bidId: string,
    @Body() body: ShortlistBidDto,
    @ReqMeta() meta: RequestMeta,
  ) {
    return this.evaluation.shortlist(user, id, bidId, body.shortlisted, meta);
  }

  /** Awards to fully scored bids: one contract per requirement (409 TENDERING.ALREADY_AWARDED for a second). */
  @ApiBearerAuth()
  @Roles(...BUYERS)
  @Post('award')
  award(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @Body() body: AwardDto, @ReqMeta() meta: RequestMeta) {
    return this.evaluation.award(user, id, body, meta);
  }
}

@ApiTags('bids')
@ApiBearerAuth()
@Controller('bids')
export class OwnBidsController {
  constructor(private readonly bids: BidsService) {}

  /** The signed-in supplier organisation's bids on every requirement, with their receipts. */
  @Roles(...SUPPLIERS)
  @Get('mine')
  mine(@CurrentUser() user: AuthUser, @Query() page: PageQueryDto) {
    return this.bids.listOwn(user, page);
  }
}

@ApiTags('contracts')
@Controller('contracts')
export class ContractsController {
  constructor(private readonly evaluation: EvaluationService) {}

  /** Awarded contracts with each supplier's size band at award: public. */
  @Public()
  @Get()
  list(@Query() query: ContractListQueryDto) {
    return this.evaluation.contracts(query);
  }

  @Public()
  @Get(':contractId')
  get(@UuidParam('contractId') id: string) {
    return this.evaluation.contract(id);
  }

  /** A buyer admin records that an awarded contract no longer stands; SME reporting restates its period. */
  @ApiBearerAuth()
  @Roles('buyer_admin')
  @Post(':contractId/cancel')
  @HttpCode(200)
  cancel(@CurrentUser() user: AuthUser, @UuidParam('contractId') id: string, @Body() body: RequirementReasonDto, @ReqMeta() meta: RequestMeta) {
    return this.evaluation.cancelContract(user, id, body.reason, meta);
  }
}

@ApiTags('direct awards')
@ApiBearerAuth()
@Controller('direct-awards')
export class DirectAwardsController {
  constructor(private readonly directAwards: DirectAwardsService) {}

  /** Records a direct award's outcome from a shortlist or saved search: a contract for an offering, or none suitable. */
  @Roles(...BUYERS)
  @Post()
  record(@CurrentUser() user: AuthUser, @Body() body: DirectAwardDto, @ReqMeta() meta: RequestMeta) {
    return this.directAwards.record(user, body, meta);
  }

  @Roles(...BUYERS)
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() page: PageQueryDto) {
    return this.directAwards.list(user, page);
  }

  @Roles(...BUYERS)
  @Get(':directAwardId')
  get(@CurrentUser() user: AuthUser, @UuidParam('directAwardId') id: string) {
    return this.directAwards.get(user, id);
  }
}
