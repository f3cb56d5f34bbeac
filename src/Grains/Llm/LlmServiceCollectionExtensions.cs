using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Netra.Grains.Llm.Deterministic;
using Netra.Grains.Llm.OpenAi;

namespace Netra.Grains.Llm;

/// <summary>Registers the language model Netra's agents use.</summary>
public static class LlmServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="LlmOptions"/> to <see cref="LlmOptions.SectionName"/> and registers <see cref="ILlmClient"/>: the
    /// OpenAI-compatible endpoint when <c>Netra:Llm:Endpoint</c> and <c>Netra:Llm:Model</c> are set, the deterministic
    /// default otherwise, both behind Netra's response cache. The host must register an <see cref="ILlmUsageSink"/>:
    /// resolving <see cref="ILlmClient"/> without one throws. A <see cref="TimeProvider"/> is used when registered.
    /// </summary>
    public static IServiceCollection AddNetraLlm(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LlmOptions>().Configure(options => options.Read(configuration.GetSection(LlmOptions.SectionName)));
        services.TryAddSingleton(Create);
        return services;
    }

    private static ILlmClient Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<LlmOptions>>().Value;
        var sink = services.GetService<ILlmUsageSink>() ?? throw new InvalidOperationException(
            $"{nameof(ILlmClient)} needs an {nameof(ILlmUsageSink)}: every LLM call Netra makes is recorded in the user's netra-self "
            + $"dataset. The host must register one (over the analytics store) before resolving {nameof(ILlmClient)}.");
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger(typeof(ILlmClient).Namespace!);
        var usage = new LlmUsageRecorder(sink, loggers.CreateLogger<LlmUsageRecorder>());
        if (!options.UsesModel)
        {
            LlmLog.UsingDeterministic(logger);
            var deterministic = new DeterministicLlmClient(usage, time, loggers.CreateLogger<DeterministicLlmClient>());
            return new CachingLlmClient(deterministic, DeterministicLlmClient.ModelName, options.CacheSize, time, loggers.CreateLogger<CachingLlmClient>());
        }

        LlmLog.UsingModel(logger, options.Endpoint!, options.Model!);
        var model = new OpenAiCompatibleLlmClient(options, usage, time, loggers.CreateLogger<OpenAiCompatibleLlmClient>());
        return new CachingLlmClient(model, options.Model!, options.CacheSize, time, loggers.CreateLogger<CachingLlmClient>());
    }
}
