using System.Reflection;
using Netra.Gateway.Auth;
using Netra.Gateway.Cluster;
using Netra.Gateway.WebSockets;
using Netra.Grains.Agents;
using Netra.Grains.Hosting;
using Netra.Grains.Llm;
using Netra.Grains.Workloads;
using Netra.Observability;
using Netra.Runtime.Cluster;
using Netra.Runtime.Cluster.Client;
using Netra.Runtime.Hosting;
using Netra.Runtime.Streams;
using Netra.Silo.Health;

namespace Netra.Deploy.Tests.Support;

/// <summary>Which process reads a key.</summary>
[Flags]
public enum Hosts
{
    Silo = 1,
    Gateway = 2,
    Both = Silo | Gateway,
}

/// <summary>
/// The configuration keys the code reads, collected from its constants and from the public settable properties of the
/// options classes it binds (by reflection, nested Netra option classes included), each with the hosts that read it.
/// Section names the code writes only as string literals are in <see cref="SourceLiterals"/>, which a test finds in
/// <c>src/**/*.cs</c>.
/// </summary>
public static class ConfigurationKeys
{
    /// <summary>Keys and section names the code spells only as literals: each must appear, quoted, in the source.</summary>
    public static readonly IReadOnlyList<string> SourceLiterals =
        ["Netra:Silo", "Netra:Cluster:Client", "Netra:Cluster:Membership:ClusterId", "Netra:Logging:Format", "ASPNETCORE_URLS"];

    /// <summary>Variables the ASP.NET Core host reads by itself.</summary>
    public static readonly IReadOnlyList<string> FrameworkVariables = ["ASPNETCORE_ENVIRONMENT"];

    /// <summary>
    /// The ClickHouse store's keys while its branch is not merged here (announced: Netra__Workloads__Store=clickhouse and
    /// Netra__Workloads__ClickHouse__*). Accepted only while the Grains assembly lacks the store's options class; once it
    /// has it, the keys must come from <see cref="WorkloadOptions"/> by reflection like every other.
    /// </summary>
    public static readonly IReadOnlyList<string> PendingClickHouseKeys =
        ["Netra:Workloads:Store", "Netra:Workloads:ClickHouse:Url", "Netra:Workloads:ClickHouse:Database", "Netra:Workloads:ClickHouse:User", "Netra:Workloads:ClickHouse:Password"];

    private const string ClickHouseOptionsType = "Netra.Grains.Workloads.ClickHouse.ClickHouseStoreOptions";

    private static readonly Lazy<IReadOnlyDictionary<string, Hosts>> s_keys = new(Collect);

    /// <summary>Every known key (case-insensitive, as configuration is) with the hosts that read it.</summary>
    public static IReadOnlyDictionary<string, Hosts> All => s_keys.Value;

    /// <summary>Whether the ClickHouse store's options class is in the code yet.</summary>
    public static bool ClickHouseStoreMerged => typeof(WorkloadOptions).Assembly.GetType(ClickHouseOptionsType) is not null;

    /// <summary>The configuration key an environment variable sets: <c>Netra__A__B</c> is <c>Netra:A:B</c>.</summary>
    public static string ToKey(string variable) => variable.Replace("__", ":", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="host"/> reads the key that <paramref name="variable"/> sets.</summary>
    public static bool IsReadBy(string variable, Hosts host) =>
        FrameworkVariables.Contains(variable) || (All.TryGetValue(ToKey(variable), out var hosts) && (hosts & host) == host);

    /// <summary>The keys an options class binds under <paramref name="section"/>: its public settable properties, nested Netra classes expanded.</summary>
    public static IEnumerable<string> OptionKeys(string section, Type options)
    {
        foreach (var property in options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            var type = property.PropertyType;
            if (type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Netra", StringComparison.Ordinal) == true)
            {
                foreach (var nested in OptionKeys($"{section}:{property.Name}", type))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return $"{section}:{property.Name}";
            }
        }
    }

    private static Dictionary<string, Hosts> Collect()
    {
        var keys = new Dictionary<string, Hosts>(StringComparer.OrdinalIgnoreCase);
        void Add(Hosts hosts, IEnumerable<string> names)
        {
            foreach (var name in names)
            {
                keys[name] = keys.GetValueOrDefault(name) | hosts;
            }
        }

        // Both hosts: PostgreSQL, cluster mode, streams, workload analytics, logs and OTLP.
        Add(Hosts.Both, [NetraSiloExtensions.PostgresConnectionStringKey, NetraSiloExtensions.ClusterEnabledKey, GatewayClusterExtensions.ClusterEnabledKey]);
        Add(Hosts.Both, OptionKeys(NetraSiloExtensions.StreamsSection, typeof(StreamOptions)));
        Add(Hosts.Both, OptionKeys(WorkloadOptions.Section, typeof(WorkloadOptions)));
        Add(Hosts.Both, ["Netra:Logging:Format", NetraTelemetry.OtlpEndpointVariable, "Netra:Cluster:Membership:ClusterId"]);
        if (!ClickHouseStoreMerged)
        {
            Add(Hosts.Both, PendingClickHouseKeys);
        }

        // Silos: the cluster member, the silo itself, its HTTP port, and what grains use (LLM, agents).
        Add(Hosts.Silo, OptionKeys(NetraSiloExtensions.ClusterSection, typeof(ClusterOptions)));
        Add(Hosts.Silo, OptionKeys("Netra:Silo", typeof(SiloOptions)));
        Add(Hosts.Silo, [SiloHttp.UrlsKey]);
        Add(Hosts.Silo, OptionKeys(LlmOptions.SectionName, typeof(LlmOptions)));
        Add(Hosts.Silo, OptionKeys(AgentOptions.Section, typeof(AgentOptions)));

        // Gateways: tokens, the chat socket, the cluster client, and where ASP.NET Core listens.
        Add(Hosts.Gateway, OptionKeys(NetraAuthOptions.SectionName, typeof(NetraAuthOptions)));
        Add(Hosts.Gateway, OptionKeys(NetraWebSocketOptions.Section, typeof(NetraWebSocketOptions)));
        Add(Hosts.Gateway, OptionKeys("Netra:Cluster:Client", typeof(ClusterClientOptions)));
        Add(Hosts.Gateway, ["ASPNETCORE_URLS"]);
        return keys;
    }
}
