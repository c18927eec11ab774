import * as grpc from '@grpc/grpc-js';
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb';
import { googleEmpty, packAny, sharedEmpty, sharedPb, statusPb, streamsPb } from './client-protocol';
import type { AppendOutcome, DoubleLog, ExpectedRevision, ProposedEvent } from './double-log';
import { proposedEvent, streamIdentifier, streamName } from './messages';

const WRONG_EXPECTED_VERSION = 'event_store.client.WrongExpectedVersion';
const FAILED_PRECONDITION = 9; // google.rpc.Code, as the server answers a wrong expected version

type AppendOptions = StreamsPb.AppendReq.Options;
type BatchOptions = StreamsPb.BatchAppendReq.Options;

function expectedOfAppend(options: AppendOptions): ExpectedRevision {
  if (options.hasRevision()) return BigInt(options.getRevision());
  if (options.hasNoStream()) return 'no_stream';
  if (options.hasStreamExists()) return 'stream_exists';
  return 'any';
}

function expectedOfBatch(options: BatchOptions): ExpectedRevision {
  if (options.hasStreamPosition()) return BigInt(options.getStreamPosition());
  if (options.hasNoStream()) return 'no_stream';
  if (options.hasStreamExists()) return 'stream_exists';
  return 'any';
}

function proposedEvents(messages: Parameters<typeof proposedEvent>[0][]): ProposedEvent[] | string {
  const events: ProposedEvent[] = [];
  for (const message of messages) {
    const event = proposedEvent(message);
    if (typeof event === 'string') return event;
    events.push(event);
  }
  return events;
}

/**
 * Unary Append: options first, then one proposed message per request. A wrong expected version is
 * a *successful* call whose response carries `wrong_expected_version`.
 */
export function appendHandler(
  log: DoubleLog,
  count: () => void,
): grpc.handleClientStreamingCall<StreamsPb.AppendReq, StreamsPb.AppendResp> {
  return (call, callback) => {
    count();
    let options: AppendOptions | undefined;
    const messages: StreamsPb.AppendReq.ProposedMessage[] = [];
    call.on('data', (request: StreamsPb.AppendReq) => {
      if (request.hasOptions()) options = request.getOptions();
      else if (request.hasProposedMessage()) messages.push(request.getProposedMessage()!);
    });
    call.on('error', () => undefined); // the client went away: nothing to answer
    call.on('end', () => {
      if (!options)
        return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'Append without options.' });
      const events = proposedEvents(messages);
      if (typeof events === 'string')
        return callback({ code: grpc.status.INVALID_ARGUMENT, details: events });
      const outcome = log.append(
        streamName(options.getStreamIdentifier()),
        expectedOfAppend(options),
        events,
      );
      callback(null, appendResponse(outcome));
    });
  };
}

function appendResponse(outcome: AppendOutcome): StreamsPb.AppendResp {
  const response = new streamsPb.AppendResp();
  if (outcome.ok) {
    const success = new streamsPb.AppendResp.Success();
    if (outcome.currentRevision === undefined) success.setNoStream(sharedEmpty());
    else success.setCurrentRevision(outcome.currentRevision.toString());
    if (outcome.position) {
      const position = new streamsPb.AppendResp.Position();
      position.setCommitPosition(outcome.position.commit.toString());
      position.setPreparePosition(outcome.position.prepare.toString());
      success.setPosition(position);
    } else {
      success.setNoPosition(sharedEmpty());
    }
    response.setSuccess(success);
    return response;
  }
  const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
  if (outcome.currentRevision === undefined) wrong.setCurrentNoStream(sharedEmpty());
  else wrong.setCurrentRevision(outcome.currentRevision.toString());
  const expected = outcome.expected;
  if (typeof expected === 'bigint') wrong.setExpectedRevision(expected.toString());
  else if (expected === 'no_stream') wrong.setExpectedNoStream(sharedEmpty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(sharedEmpty());
  else wrong.setExpectedAny(sharedEmpty());
  response.setWrongExpectedVersion(wrong);
  return response;
}

interface PendingBatch {
  options: BatchOptions | undefined;
  messages: StreamsPb.BatchAppendReq.ProposedMessage[];
}

/**
 * BatchAppend: one long-lived duplex call carrying every append of a client, each request tagged
 * with a correlation id and the last one `is_final`. Exactly one response per correlation id,
 * echoing it and the stream identifier: the client looks both up in its data handler, and throws
 * (killing the process) when either is missing. A wrong expected version is an error status whose
 * detail is an Any packing event_store.client.WrongExpectedVersion.
 */
export function batchAppendHandler(
  log: DoubleLog,
  count: () => void,
): grpc.handleBidiStreamingCall<StreamsPb.BatchAppendReq, StreamsPb.BatchAppendResp> {
  return (call) => {
    const pending = new Map<string, PendingBatch>();
    call.on('data', (request: StreamsPb.BatchAppendReq) => {
      const correlation = request.getCorrelationId();
      const key = correlation?.getString() ?? '';
      const batch = pending.get(key) ?? { options: undefined, messages: [] };
      if (request.hasOptions()) batch.options = request.getOptions();
      batch.messages.push(...request.getProposedMessagesList());
      if (!request.getIsFinal()) {
        pending.set(key, batch);
        return;
      }
      pending.delete(key);
      count();
      call.write(batchResponse(log, correlation, batch));
    });
    call.on('error', () => undefined);
    call.on('end', () => call.end());
  };
}

function batchResponse(
  log: DoubleLog,
  correlation: ReturnType<StreamsPb.BatchAppendReq['getCorrelationId']>,
  { options, messages }: PendingBatch,
): StreamsPb.BatchAppendResp {
  const response = new streamsPb.BatchAppendResp();
  response.setCorrelationId(correlation);
  const name = streamName(options?.getStreamIdentifier());
  response.setStreamIdentifier(streamIdentifier(name));
  if (!options) return withError(response, grpc.status.INVALID_ARGUMENT, 'BatchAppend without options.');
  const expected = expectedOfBatch(options);
  if (typeof expected === 'bigint') response.setStreamPosition(expected.toString());
  else if (expected === 'no_stream') response.setNoStream(googleEmpty());
  else if (expected === 'stream_exists') response.setStreamExists(googleEmpty());
  else response.setAny(googleEmpty());

  const events = proposedEvents(messages);
  if (typeof events === 'string') return withError(response, grpc.status.INVALID_ARGUMENT, events);
  const outcome = log.append(name, expected, events);
  if (outcome.ok) {
    const success = new streamsPb.BatchAppendResp.Success();
    if (outcome.currentRevision === undefined) success.setNoStream(googleEmpty());
    else success.setCurrentRevision(outcome.currentRevision.toString());
    if (outcome.position) {
      const position = new sharedPb.AllStreamPosition();
      position.setCommitPosition(outcome.position.commit.toString());
      position.setPreparePosition(outcome.position.prepare.toString());
      success.setPosition(position);
    } else {
      success.setNoPosition(googleEmpty());
    }
    response.setSuccess(success);
    return response;
  }
  const wrong = new sharedPb.WrongExpectedVersion();
  if (outcome.currentRevision === undefined) wrong.setCurrentNoStream(googleEmpty());
  else wrong.setCurrentStreamRevision(outcome.currentRevision.toString());
  if (typeof expected === 'bigint') wrong.setExpectedStreamPosition(expected.toString());
  else if (expected === 'no_stream') wrong.setExpectedNoStream(googleEmpty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(googleEmpty());
  else wrong.setExpectedAny(googleEmpty());
  return withError(
    response,
    FAILED_PRECONDITION,
    'Wrong expected version.',
    packAny(wrong.serializeBinary(), WRONG_EXPECTED_VERSION),
  );
}

function withError(
  response: StreamsPb.BatchAppendResp,
  code: number,
  message: string,
  details?: ReturnType<typeof packAny>,
): StreamsPb.BatchAppendResp {
  const status = new statusPb.Status();
  status.setCode(code as Parameters<typeof status.setCode>[0]);
  status.setMessage(message);
  // The client reads the detail's type name unconditionally: an error without one kills it.
  status.setDetails(details ?? badRequest(message));
  response.setError(status);
  return response;
}

function badRequest(message: string): ReturnType<typeof packAny> {
  const detail = new sharedPb.BadRequest();
  detail.setMessage(message);
  return packAny(detail.serializeBinary(), 'event_store.client.BadRequest');
}
