namespace Netra.Observability;

/// <summary>
/// The names Netra's telemetry goes under. Every <see cref="System.Diagnostics.ActivitySource"/> and
/// <see cref="System.Diagnostics.Metrics.Meter"/> of Netra is named <c>Netra.*</c>, so the providers subscribe to all
/// of them with one wildcard, and a new area needs no change here.
/// </summary>
public static class NetraTelemetry
{
    /// <summary>The wildcard that matches every Netra source and meter.</summary>
    public const string Wildcard = "Netra.*";

    /// <summary>The meters of .NET and ASP.NET Core that <c>/metrics</c> also serves (requests, connections, GC, thread pool).</summary>
    public static readonly IReadOnlyList<string> PlatformMeters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime"];

    /// <summary>The environment variable that turns on OTLP export (the standard one of the OpenTelemetry SDKs).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
}
