using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Netra.Grains.Llm;

namespace Netra.Gateway.Tests.Llm;

/// <summary>
/// <see cref="ILlmClient"/> as a host gets it from <see cref="LlmServiceCollectionExtensions.AddNetraLlm"/>, with a
/// recording usage sink and every log line kept down to Trace.
/// </summary>
public sealed class LlmHarness : IAsyncDisposable
{
    /// <summary>The API key the model tests configure.</summary>
    public const string ApiKey = "sk-netra-test-7f3a9c1e5b2d4680aa11";

    private LlmHarness(ServiceProvider services, RecordingUsageSink usage, LogRecorder logs)
    {
        Services = services;
        Usage = usage;
        Logs = logs;
    }

    public ServiceProvider Services { get; }

    public RecordingUsageSink Usage { get; }

    public LogRecorder Logs { get; }

    public ILlmClient Client => Services.GetRequiredService<ILlmClient>();

    /// <summary>A host whose <c>Netra:Llm</c> section holds <paramref name="settings"/> (keys without the section prefix).</summary>
    public static LlmHarness Create(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"{LlmOptions.SectionName}:{s.Key}", s.Value)))
            .Build();
        var usage = new RecordingUsageSink();
        var logs = new LogRecorder();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddSingleton<ILlmUsageSink>(usage)
            .AddNetraLlm(configuration)
            .BuildServiceProvider();
        return new LlmHarness(services, usage, logs);
    }

    /// <summary>A host that talks to <paramref name="server"/> with quick retries, plus <paramref name="settings"/>.</summary>
    public static LlmHarness ForModel(FakeOpenAiServer server, params (string Key, string? Value)[] settings) => Create(
        [("Endpoint", server.Endpoint), ("Model", "fake-model"), ("ApiKey", ApiKey), ("RetryBaseDelay", "0.05"), .. settings]);

    /// <summary>A request with one user message.</summary>
    public static LlmRequest Ask(string question, string? factsJson = null, string purpose = "triage") =>
        new("user-1", purpose, [new LlmMessage("system", "You are Netra."), new LlmMessage("user", question)], factsJson);

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}
