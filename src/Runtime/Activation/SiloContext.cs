using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netra.Runtime.Hosting;

namespace Netra.Runtime.Activation;

/// <summary>What every activation of one silo shares: its services, options, clock, catalog and grain factory.</summary>
internal sealed class SiloContext(
    IServiceProvider services,
    IOptions<SiloOptions> options,
    TimeProvider time,
    ILoggerFactory loggers)
{
    private readonly CancellationTokenSource _stopping = new();

    public IServiceProvider Services { get; } = services;

    public SiloOptions Options { get; } = options.Value;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = loggers.CreateLogger("Netra.Runtime.Activation");

    public JsonSerializerOptions StateSerializerOptions { get; } = options.Value.StateSerializerOptions;

    public Catalog Catalog => field ??= Services.GetRequiredService<Catalog>();

    public IGrainFactory GrainFactory => field ??= Services.GetRequiredService<IGrainFactory>();

    /// <summary>Cancelled when the silo starts stopping; handed to activation and timer callbacks.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public void SignalStopping() => _stopping.Cancel();

    public IGrainStorage GetStorage(string? storageName, GrainId grainId)
    {
        var name = storageName ?? SiloBuilder.DefaultStorageName;
        return Services.GetKeyedService<IGrainStorage>(name)
            ?? throw new InvalidOperationException(
                $"Grain {grainId} uses grain storage '{name}', which is not configured. Add it with AddMemoryGrainStorage or AddPostgresGrainStorage.");
    }
}
