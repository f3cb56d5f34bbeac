using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Netra.Grains.Llm;

/// <summary>
/// The settings of section <see cref="SectionName"/> (environment variables <c>Netra__Llm__Endpoint</c>,
/// <c>Netra__Llm__ApiKey</c>, <c>Netra__Llm__Model</c>, ...). With <see cref="Endpoint"/> and <see cref="Model"/> set,
/// Netra talks to that OpenAI-compatible endpoint; otherwise it uses the deterministic default.
/// </summary>
public sealed class LlmOptions
{
    /// <summary>The configuration section these settings come from.</summary>
    public const string SectionName = "Netra:Llm";

    /// <summary>The base address of an OpenAI-compatible API, including its version path, such as <c>https://api.openai.com/v1</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The API key, sent as a bearer token. Never logged and never shown by <see cref="ToString"/>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model to ask, such as <c>gpt-4o-mini</c>.</summary>
    public string? Model { get; set; }

    /// <summary>
    /// How long one attempt may wait for the response to start, and then between two streamed chunks. Configured as
    /// seconds (<c>30</c>) or a time span (<c>00:00:30</c>). Default 60 seconds.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many attempts a call gets, the first included, on rate limits, 5xx answers, timeouts and network errors. Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How many answers the response cache keeps, least recently used out first; 0 turns the cache off. Default 256.</summary>
    public int CacheSize { get; set; } = 256;

    /// <summary>The first backoff delay; each retry doubles it, with jitter. Default 1 second.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest Netra waits before a retry; a <c>retry-after</c> longer than this ends the call at once. Default 30 seconds.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether prompts and completions are logged (at Debug, event ids 9511 and 9512). Off by default: they hold the
    /// users' questions and data. Turn on only to debug a model's behaviour, with logs kept as carefully as the data.
    /// </summary>
    public bool LogContent { get; set; }

    /// <summary>True when <see cref="Endpoint"/> and <see cref="Model"/> are set, so the real model is used.</summary>
    public bool UsesModel => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Model);

    /// <summary>The settings, with the API key shown only as set or not set.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"Endpoint={Endpoint ?? "(none)"}, Model={Model ?? "(none)"}, ApiKey={(string.IsNullOrEmpty(ApiKey) ? "(none)" : "(set)")}, "
        + $"Timeout={Timeout}, MaxAttempts={MaxAttempts}, CacheSize={CacheSize}, RetryBaseDelay={RetryBaseDelay}, MaxRetryDelay={MaxRetryDelay}, LogContent={LogContent}");

    /// <summary>Reads <paramref name="section"/> onto these settings and checks them.</summary>
    /// <exception cref="InvalidOperationException">A setting has a value Netra cannot use; the message names it.</exception>
    internal void Read(IConfiguration section)
    {
        Endpoint = section[nameof(Endpoint)] ?? Endpoint;
        ApiKey = section[nameof(ApiKey)] ?? ApiKey;
        Model = section[nameof(Model)] ?? Model;
        Timeout = ReadDuration(section, nameof(Timeout)) ?? Timeout;
        RetryBaseDelay = ReadDuration(section, nameof(RetryBaseDelay)) ?? RetryBaseDelay;
        MaxRetryDelay = ReadDuration(section, nameof(MaxRetryDelay)) ?? MaxRetryDelay;
        MaxAttempts = ReadInt(section, nameof(MaxAttempts), minimum: 1) ?? MaxAttempts;
        CacheSize = ReadInt(section, nameof(CacheSize), minimum: 0) ?? CacheSize;
        LogContent = ReadBool(section, nameof(LogContent)) ?? LogContent;
        if (!string.IsNullOrWhiteSpace(Endpoint)
            && (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            throw new InvalidOperationException(
                $"{SectionName}:Endpoint must be an absolute http or https address, such as https://api.openai.com/v1; it is '{Endpoint}'.");
        }
    }

    // A bare number is seconds: TimeSpan.Parse would read "30" as thirty days.
    private static TimeSpan? ReadDuration(IConfiguration section, string key)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        throw new InvalidOperationException($"{SectionName}:{key} must be a positive number of seconds or a time span such as 00:01:00; it is '{text}'.");
    }

    private static bool? ReadBool(IConfiguration section, string key) => section[key] switch
    {
        null or "" => null,
        var text when bool.TryParse(text, out var value) => value,
        var text => throw new InvalidOperationException($"{SectionName}:{key} must be true or false; it is '{text}'."),
    };

    private static int? ReadInt(IConfiguration section, string key, int minimum)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum)
        {
            return value;
        }

        throw new InvalidOperationException($"{SectionName}:{key} must be a whole number of at least {minimum}; it is '{text}'.");
    }
}
