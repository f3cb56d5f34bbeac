namespace Netra.Silo.Health;

/// <summary>The silo's small HTTP port, for probes and scrapes only: <c>/health</c>, <c>/health/ready</c> and <c>/metrics</c>.</summary>
public static class SiloHttp
{
    /// <summary>The configuration key of the addresses it listens on, such as <c>http://0.0.0.0:8081</c>.</summary>
    public const string UrlsKey = "Netra:Silo:HttpUrls";

    /// <summary>
    /// The addresses from <see cref="UrlsKey"/>; by default a free loopback port, so several silos on one machine
    /// never collide and nothing is exposed that was not asked for (deployments set the key).
    /// </summary>
    public static string Urls(IConfiguration configuration) =>
        configuration[UrlsKey] is { Length: > 0 } urls ? urls : "http://127.0.0.1:0";
}
