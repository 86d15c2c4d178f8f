// OpenTelemetry tracing of a worker's activities (OTEL_EXPORTER_OTLP_ENDPOINT): each model call,
// tool call and choice becomes a span, exported over OTLP/HTTP, carrying the trace context the
// SDK passes in the activity's headers. Workflow code is not traced: its bundle is built once
// and shared, and spans from replayed workflow code would need the SDK's sink plumbing.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { OperationsSettings } from './config.js';

export interface WorkerTracing {
  activityInterceptors: ActivityInterceptorsFactory[];
  /** Sends the spans still buffered; call when the worker stops. */
  shutdown(): Promise<void>;
}

export function createWorkerTracing(settings: NonNullable<OperationsSettings['tracing']>): WorkerTracing {
  const provider = new BasicTracerProvider({
    resource: new Resource({ 'service.name': settings.serviceName }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.tracesUrl }), { scheduledDelayMillis: 1_000 }),
    ],
  });
  const tracer = provider.getTracer('orc-worker');
  return {
    activityInterceptors: [
      (context) => ({
        inbound: new OpenTelemetryActivityInboundInterceptor(context, { tracer }),
        outbound: new OpenTelemetryActivityOutboundInterceptor(context),
      }),
    ],
    shutdown: () => provider.shutdown(),
  };
}
