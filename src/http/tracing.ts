/**
 * OpenTelemetry traces from HTTP to GraphQL to Cypher, made by hand (no auto-instrumentation):
 * a server span per request, continuing the caller's W3C `traceparent`; a span per GraphQL
 * operation inside it; and the database's spans inside that (src/database/instrument.ts). Only
 * when an OTLP endpoint is configured: otherwise no provider is registered, the middlewares below
 * are not installed, and the database's spans are the API's no-op ones.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { RequestHandler, Response } from 'express';
import type { Config } from '../config.js';
import { TRACER_NAME } from '../database/instrument.js';
import { requestScope } from '../logger.js';
import { routeOf } from './request-log.js';

export interface Tracing {
  /** Sends the spans still buffered and unregisters the provider. */
  shutdown(): Promise<void>;
}

/** Registers a tracer provider for the process (with the W3C propagator and async context). */
export function startTracing(serviceName: string, processor: SpanProcessor): Tracing {
  const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ 'service.name': serviceName }), spanProcessors: [processor] });
  provider.register();
  return {
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

/** The OTLP/HTTP exporter the configuration names, batched; undefined when tracing is off. */
export function tracingFromConfig(config: Pick<Config, 'tracing'>): Tracing | undefined {
  if (config.tracing === undefined) return undefined;
  return startTracing(config.tracing.serviceName, new BatchSpanProcessor(new OTLPTraceExporter({ url: config.tracing.url })));
}

const tracer = () => trace.getTracer(TRACER_NAME);

/** Ends `span` once the answer is sent or the client has gone, whichever comes first. */
function endWith(response: Response, span: Span, annotate?: () => void): void {
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    annotate?.();
    span.end();
  };
  response.once('finish', end);
  response.once('close', end);
}

/** The server span of every request, the parent of everything it does. */
export function httpSpans(): RequestHandler {
  return (request, response, next) => {
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const route = routeOf(request.path);
    const span = tracer().startSpan(
      `${request.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method,
          'http.route': route,
          ...(requestScope.getStore() ? { 'http.request.id': requestScope.getStore()!.requestId } : {}),
        },
      },
      parent,
    );
    endWith(response, span, () => {
      span.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    });
    context.with(trace.setSpan(parent, span), next);
  };
}

/**
 * The GraphQL span, opened just before Apollo runs so everything Apollo does (the resolvers, the
 * database calls) happens inside it; graphqlSpanPlugin names it once the operation is known.
 */
export function graphqlSpans(): RequestHandler {
  return (_request, response, next) => {
    const span = tracer().startSpan('graphql', { kind: SpanKind.INTERNAL });
    endWith(response, span);
    context.with(trace.setSpan(context.active(), span), next);
  };
}

export function graphqlSpanPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      const span = trace.getActiveSpan();
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!operation) return;
          span?.updateName(`${operation.operation} ${operationName ?? 'anonymous'}`);
          span?.setAttributes({ 'graphql.operation.type': operation.operation, 'graphql.operation.name': operationName ?? '' });
        },
        async willSendResponse({ errors }) {
          if (errors && errors.length > 0) {
            const codes = errors.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
            span?.setAttribute('graphql.error.codes', codes);
            span?.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(', ') });
          }
        },
      };
    },
  };
}
