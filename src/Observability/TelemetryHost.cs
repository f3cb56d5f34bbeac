using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Netra.Observability;

/// <summary>
/// Owns the tracer and meter providers for the life of the host (the hosting-extensions package that would do this
/// does not restore from our feed). They are built when the host resolves this service, before the first request, and
/// flushed and disposed when it stops. Traces and metrics go to OTLP when <see cref="NetraTelemetry.OtlpEndpointVariable"/>
/// is set; metrics are always served at <c>/metrics</c> through the <see cref="PrometheusScraper"/>.
/// </summary>
public sealed class TelemetryHost : IHostedService, IDisposable
{
    /// <summary>The sources whose spans are recorded besides Netra's own: ASP.NET Core requests, Npgsql and HttpClient (ClickHouse, LLM).</summary>
    public static readonly IReadOnlyList<string> PlatformSources = ["Microsoft.AspNetCore", "Npgsql", "System.Net.Http"];

    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metrics;

    /// <summary>Builds the providers.</summary>
    public TelemetryHost(TelemetrySettings settings, PrometheusScraper scraper)
    {
        var otlp = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(NetraTelemetry.OtlpEndpointVariable));
        var resource = ResourceBuilder.CreateDefault().AddService(settings.ServiceName, serviceInstanceId: settings.InstanceId);
        var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(NetraTelemetry.Wildcard).AddSource([.. PlatformSources]);
        var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource)
            .AddMeter(NetraTelemetry.Wildcard).AddMeter([.. NetraTelemetry.PlatformMeters]).AddMeter("Npgsql", "System.Net.Http")
            .AddReader(scraper.Reader);
        if (otlp)
        {
            tracing.AddOtlpExporter();
            metrics.AddOtlpExporter();
        }

        _tracing = tracing.Build();
        _metrics = metrics.Build();
        OtlpEnabled = otlp;
    }

    /// <summary>Whether traces and metrics also go to an OTLP endpoint.</summary>
    public bool OtlpEnabled { get; }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _tracing.ForceFlush(2_000);
        _metrics.ForceFlush(2_000);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _tracing.Dispose();
        _metrics.Dispose();
    }
}

/// <summary>What the providers say about the process.</summary>
/// <param name="ServiceName">The OpenTelemetry <c>service.name</c>, such as <c>netra-gateway</c>.</param>
/// <param name="InstanceId">The <c>service.instance.id</c>: unique per process.</param>
public sealed record TelemetrySettings(string ServiceName, string InstanceId);
