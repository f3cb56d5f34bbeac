using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Netra.Grains.Workloads;
using OpenAI;
using OpenAI.Chat;

namespace Netra.Grains.Llm.OpenAi;

/// <summary>
/// An OpenAI-compatible chat-completions endpoint, through the OpenAI package. Streams when the caller takes deltas,
/// passes tools and a response schema through, and retries rate limits (honouring <c>retry-after</c>), 5xx answers,
/// timeouts and network errors with exponential backoff and jitter, up to <see cref="LlmOptions.MaxAttempts"/>; it
/// does not retry once text has been streamed to the caller. Every attempt is one usage event.
/// </summary>
internal sealed class OpenAiCompatibleLlmClient : ILlmClient
{
    /// <summary>The provider of its events.</summary>
    public const string Provider = "openai-compatible";

    private readonly LlmOptions _options;
    private readonly string _model;
    private readonly OpenAiChatAttempt _attempt;
    private readonly LlmUsageRecorder _usage;
    private readonly TimeProvider _time;
    private readonly ILogger<OpenAiCompatibleLlmClient> _logger;

    public OpenAiCompatibleLlmClient(LlmOptions options, LlmUsageRecorder usage, TimeProvider time, ILogger<OpenAiCompatibleLlmClient> logger)
    {
        _options = options;
        _model = options.Model ?? throw new InvalidOperationException($"{LlmOptions.SectionName}:Model is not set.");
        _usage = usage;
        _time = time;
        _logger = logger;
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(options.Endpoint ?? throw new InvalidOperationException($"{LlmOptions.SectionName}:Endpoint is not set.")),
            NetworkTimeout = options.Timeout,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0), // Netra retries itself, with its own rules and usage events.
        };

        // A local endpoint may need no key; the package insists on one, and such servers ignore it.
        var key = new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "no-key" : options.ApiKey);
        _attempt = new OpenAiChatAttempt(new ChatClient(_model, key, clientOptions), options.Timeout, time);
    }

    /// <inheritdoc/>
    public bool IsModel => true;

    /// <inheritdoc/>
    public async Task<LlmResponse> CompleteAsync(LlmRequest request, Func<string, CancellationToken, ValueTask>? onDelta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var promptHash = LlmRequestKey.Compute(_model, request);
        var messages = OpenAiChatRequest.Messages(request);
        if (_options.LogContent)
        {
            LlmLog.Prompt(_logger, promptHash, string.Join("\n", request.Messages.Select(m => $"{m.Role}: {m.Content}")));
        }

        for (var attempt = 1; ; attempt++)
        {
            LlmLog.CallStarted(_logger, promptHash, request.UserId, request.Purpose, attempt, _model, onDelta is not null);
            var meter = new AttemptMeter();
            using var span = LlmTelemetry.StartChat(Provider, _model, request);
            var startedAt = _time.GetUtcNow();
            var started = _time.GetTimestamp();
            LlmFailure failure;
            try
            {
                var response = await _attempt.RunAsync(request, messages, onDelta, meter, started, cancellationToken);
                await _usage.RecordAsync(request.UserId, Event(request, promptHash, meter, startedAt, started, "ok"), cancellationToken);
                if (meter.TtftMs is { } ttftMs)
                {
                    LlmLog.FirstToken(_logger, promptHash, ttftMs);
                }

                LlmLog.CallCompleted(_logger, promptHash, request.Purpose, response.FinishReason, response.InputTokens, response.OutputTokens, response.LatencyMs);
                if (_options.LogContent)
                {
                    LlmLog.Completion(_logger, promptHash, response.Content);
                }

                return response with { Model = meter.Model ?? _model };
            }
            catch (DeltaCallbackException e)
            {
                await _usage.RecordAsync(request.UserId, Event(request, promptHash, meter, startedAt, started, "error"), CancellationToken.None);
                ExceptionDispatchInfo.Throw(e.InnerException!);
                throw;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                var cancelled = Event(request, promptHash, meter, startedAt, started, "error") with { FinishReason = "cancelled" };
                await _usage.RecordAsync(request.UserId, cancelled, CancellationToken.None);
                throw;
            }
            catch (Exception e)
            {
                failure = LlmFailure.From(e, _time);
            }

            await _usage.RecordAsync(request.UserId, Event(request, promptHash, meter, startedAt, started, failure.Status), cancellationToken);
            var delay = RetryDelay.Next(attempt, failure.RetryAfter, _options.RetryBaseDelay, _options.MaxRetryDelay);
            var waitTooLong = failure.RetryAfter > _options.MaxRetryDelay;
            if (!failure.Retryable || attempt >= _options.MaxAttempts || meter.DeltasSent || waitTooLong)
            {
                var exception = Final(failure, attempt, meter.DeltasSent, waitTooLong);
                LlmLog.CallFailed(_logger, exception, promptHash, request.Purpose, attempt, exception.Code);
                throw exception;
            }

            LlmLog.CallRetrying(_logger, promptHash, request.Purpose, attempt, _options.MaxAttempts, failure.Code, failure.HttpStatus, delay.TotalMilliseconds);
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    private WorkloadEvent Event(LlmRequest request, string promptHash, AttemptMeter meter, DateTimeOffset startedAt, long started, string status) =>
        LlmUsageRecorder.Event(request, promptHash, Provider, meter.Model ?? _model, startedAt, status) with
        {
            RequestId = meter.RequestId,
            InputTokens = meter.InputTokens,
            OutputTokens = meter.OutputTokens,
            CacheReadInputTokens = meter.CachedInputTokens,
            LatencyMs = _time.GetElapsedTime(started).TotalMilliseconds,
            TtftMs = meter.TtftMs,
            FinishReason = meter.FinishReason,
        };

    private LlmException Final(LlmFailure failure, int attempts, bool deltasSent, bool waitTooLong)
    {
        var message = $"The model endpoint {failure.Detail}";
        if (failure.Code == "llm_timeout")
        {
            message += $" ({LlmOptions.SectionName}:Timeout is {_options.Timeout.TotalSeconds:0.###} s)";
        }

        if (waitTooLong)
        {
            message += $" and asked to wait {failure.RetryAfter!.Value.TotalSeconds:0} s, longer than {LlmOptions.SectionName}:MaxRetryDelay ({_options.MaxRetryDelay.TotalSeconds:0} s)";
        }
        else if (deltasSent)
        {
            message += " after text had been streamed, so it was not retried";
        }
        else if (failure.Retryable)
        {
            message += attempts == 1 ? " on its only attempt" : $" on each of {attempts} attempts";
        }

        return new LlmException(failure.Code, Redact(message + "."), failure.Inner);
    }

    /// <summary>Belt and braces: the key never reaches a message, even if an endpoint echoed it into an error code.</summary>
    private string Redact(string text) =>
        string.IsNullOrEmpty(_options.ApiKey) ? text : text.Replace(_options.ApiKey, "***", StringComparison.Ordinal);
}
