using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Netra.Observability;

/// <summary>Adds Netra's telemetry to a host and serves <c>/metrics</c>.</summary>
public static class TelemetryExtensions
{
    /// <summary>
    /// Adds the tracer and meter providers (<see cref="TelemetryHost"/>), the <c>/metrics</c> scraper, and structured
    /// JSON console logs (<see cref="NetraJsonFormatter"/>) that carry the trace and span ids, the user and the grain, unless
    /// <c>Netra:Logging:Format</c> is <c>text</c> (the default in Development).
    /// </summary>
    public static IHostApplicationBuilder AddNetraTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddSingleton(new TelemetrySettings(serviceName, $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}"));
        builder.Services.AddSingleton<PrometheusScraper>();
        builder.Services.AddSingleton<TelemetryHost>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TelemetryHost>());
        var format = builder.Configuration["Netra:Logging:Format"] ?? (builder.Environment.IsDevelopment() ? "text" : "json");
        if (string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            // Switches the console logger's formatter; the other providers (and any a test adds) stay.
            // The formatter writes the trace and span ids itself; the factory's activity scope would repeat them in every line.
            builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.None);
            builder.Logging.AddConsole(o => o.FormatterName = NetraJsonFormatter.FormatterName)
                .AddConsoleFormatter<NetraJsonFormatter, ConsoleFormatterOptions>(o => o.IncludeScopes = true);
        }

        return builder;
    }

    /// <summary>Serves the meters in Prometheus text format at <c>GET /metrics</c>, without authentication (scrapers do not sign in; no label names a user).</summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/metrics", (PrometheusScraper scraper) => Results.Text(scraper.Scrape(), PrometheusText.ContentType))
            .WithName("GetMetrics").WithSummary("Metrics in Prometheus text format").AllowAnonymous().ExcludeFromDescription();
}
