using System.Text.Json;

namespace Netra.Gateway.WebSockets;

/// <summary>A client frame that parsed and passed validation.</summary>
internal abstract record ClientAction
{
    /// <summary>The longest chat message accepted, in characters.</summary>
    public const int MaxMessageLength = 32_000;

    /// <summary>Reads one text frame, or returns the <c>error</c> to send back.</summary>
    public static ClientAction Parse(ReadOnlySpan<byte> frame)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(frame.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            return new Invalid("invalid_json", "The frame is not valid JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new Invalid("invalid_frame", "A frame is a JSON object: {\"action\": \"...\", \"data\": {...}}.");
            }

            if (!root.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.String)
            {
                return new Invalid("missing_field", "The frame has no \"action\" string.");
            }

            var data = root.TryGetProperty("data", out var d) ? d : default;
            if (data.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
            {
                return new Invalid("invalid_field", "\"data\" must be an object.");
            }

            return action.GetString() switch
            {
                "ping" => new Ping(),
                var start when start is "user_message" or "start_agent" => ParseStart(data, start),
                "stop_agent" => RequiredString(data, "run_id", 200) is { } runId ? new StopAgent(runId) : MissingOrInvalid(data, "run_id", "a string"),
                "resume" => ParseResume(data),
                var other => new Invalid("unknown_action", $"Unknown action '{Truncate(other)}'. Actions: user_message, start_agent, stop_agent, ping, resume."),
            };
        }
    }

    private static ClientAction ParseStart(JsonElement data, string action)
    {
        if (RequiredString(data, "message", MaxMessageLength) is not { } message || string.IsNullOrWhiteSpace(message))
        {
            return MissingOrInvalid(data, "message", $"a non-empty string of at most {MaxMessageLength} characters");
        }

        string? threadId = null;
        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("thread_id", out var thread) && thread.ValueKind != JsonValueKind.Null)
        {
            if (thread.ValueKind != JsonValueKind.String || thread.GetString()!.Length is 0 or > 200)
            {
                return new Invalid("invalid_field", "\"data.thread_id\" must be a thread id string.");
            }

            threadId = thread.GetString();
        }

        return new StartRun(message, threadId, action);
    }

    private static ClientAction ParseResume(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("after_seq", out var after))
        {
            return new Invalid("missing_field", "\"data.after_seq\" is required.");
        }

        return after.ValueKind == JsonValueKind.Number && after.TryGetInt64(out var seq) && seq >= 0
            ? new Resume(seq)
            : new Invalid("invalid_field", "\"data.after_seq\" must be a whole number of 0 or more.");
    }

    private static string? RequiredString(JsonElement data, string name, int maxLength) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } text && text.Length <= maxLength
            ? text
            : null;

    private static Invalid MissingOrInvalid(JsonElement data, string name, string expected) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out _)
            ? new Invalid("invalid_field", $"\"data.{name}\" must be {expected}.")
            : new Invalid("missing_field", $"\"data.{name}\" is required.");

    private static string Truncate(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>The action's name as the client sent it (<c>user_message</c>, <c>ping</c>, …), for spans and logs.</summary>
    public abstract string Name { get; }

    /// <summary>A frame that failed to parse or validate.</summary>
    public sealed record Invalid(string Code, string Message) : ClientAction
    {
        /// <inheritdoc />
        public override string Name => "invalid";
    }

    /// <summary><c>ping</c>.</summary>
    public sealed record Ping : ClientAction
    {
        /// <inheritdoc />
        public override string Name => "ping";
    }

    /// <summary><c>user_message</c> or <c>start_agent</c> (<paramref name="Action"/>).</summary>
    public sealed record StartRun(string Message, string? ThreadId, string Action) : ClientAction
    {
        /// <inheritdoc />
        public override string Name => Action;
    }

    /// <summary><c>stop_agent</c>.</summary>
    public sealed record StopAgent(string RunId) : ClientAction
    {
        /// <inheritdoc />
        public override string Name => "stop_agent";
    }

    /// <summary><c>resume</c>.</summary>
    public sealed record Resume(long AfterSeq) : ClientAction
    {
        /// <inheritdoc />
        public override string Name => "resume";
    }
}
