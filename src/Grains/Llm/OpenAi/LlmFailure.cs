using System.ClientModel;
using System.Text.Json;

namespace Netra.Grains.Llm.OpenAi;

/// <summary>What went wrong in one attempt, and whether another attempt may help.</summary>
/// <param name="Code">The <see cref="LlmException.Code"/> if this is the last attempt.</param>
/// <param name="Status">The usage event's status: <c>error</c>, <c>rate_limited</c> or <c>timeout</c>.</param>
/// <param name="HttpStatus">The HTTP status, 0 when there was none.</param>
/// <param name="Retryable">True for rate limits, 5xx answers, timeouts and network errors.</param>
/// <param name="RetryAfter">The wait the server asked for, if any.</param>
/// <param name="Detail">What happened, in words, without the response body (it may echo the key).</param>
/// <param name="Inner">The exception to keep as the cause; never one that carries the response body.</param>
internal sealed record LlmFailure(string Code, string Status, int HttpStatus, bool Retryable, TimeSpan? RetryAfter, string Detail, Exception? Inner)
{
    /// <summary>Classifies <paramref name="exception"/>, thrown by an attempt the caller did not cancel.</summary>
    public static LlmFailure From(Exception exception, TimeProvider time) => exception switch
    {
        ClientResultException { Status: 429 } e => new("llm_rate_limited", "rate_limited", 429, true, RetryDelay.RequestedBy(e.GetRawResponse(), time), "rate-limited the request (HTTP 429)", null),
        ClientResultException { Status: 408 or 504 } e => new("llm_timeout", "timeout", e.Status, true, null, $"timed out (HTTP {e.Status})", null),
        ClientResultException { Status: >= 500 } e => new("llm_unreachable", "error", e.Status, true, RetryDelay.RequestedBy(e.GetRawResponse(), time), $"failed (HTTP {e.Status})", null),
        ClientResultException { Status: 0 } e => new("llm_unreachable", "error", 0, true, null, $"could not be reached ({e.InnerException?.Message ?? "no response"})", e.InnerException),
        ClientResultException e => new("llm_rejected", "error", e.Status, false, null, $"refused the request (HTTP {e.Status}{ErrorCode(e)})", null),
        OperationCanceledException => new("llm_timeout", "timeout", 0, true, null, "did not answer in time", null),
        HttpRequestException or IOException => new("llm_unreachable", "error", 0, true, null, $"could not be reached ({exception.Message})", exception),
        MalformedResponseException e => new("llm_malformed", "error", 0, false, null, $"sent a response Netra cannot read: {e.Message}", null),
        // Not kept as the cause: a parser's message may quote the body, and the body may echo the key. The message
        // is kept in the detail, where the client redacts the key.
        _ => new("llm_malformed", "error", 0, false, null, $"sent a response Netra cannot read ({exception.GetType().Name}: {exception.Message})", null),
    };

    /// <summary>The error's <c>code</c> or <c>type</c> from an OpenAI-style error body, such as <c>invalid_api_key</c>; its message is left out.</summary>
    private static string ErrorCode(ClientResultException exception)
    {
        try
        {
            var body = exception.GetRawResponse()?.Content;
            if (body is null)
            {
                return "";
            }

            using var document = JsonDocument.Parse(body.ToMemory());
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in (string[])["code", "type"])
                {
                    if (error.TryGetProperty(name, out var code) && code.ValueKind == JsonValueKind.String)
                    {
                        return $", {code.GetString()}";
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A non-JSON error body: the status alone says enough.
        }

        return "";
    }
}

/// <summary>A response that arrived but does not make a chat completion.</summary>
internal sealed class MalformedResponseException(string message) : Exception(message);

/// <summary>The caller's <c>onDelta</c> threw: not the model's fault, so it goes back to the caller as it was.</summary>
internal sealed class DeltaCallbackException(Exception inner) : Exception("onDelta threw", inner);
