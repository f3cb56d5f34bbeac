using System.Text.Json;

namespace Netra.Runtime.Hosting;

/// <summary>A silo's settings. Bound from the configuration section "Netra:Silo".</summary>
public sealed class SiloOptions
{
    /// <summary>The silo's name, for logs and its in-process address.</summary>
    public string Name { get; set; } = Environment.MachineName;

    /// <summary>How long a caller waits for a grain call unless the method says otherwise.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an activation may stay idle before it is collected.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often calls past their deadline are looked for; the precision of call timeouts.</summary>
    public TimeSpan ResponseTimeoutScanInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long OnDeactivateAsync may take, and how long shutdown waits for every activation.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Activations per stateless worker when its attribute gives no number.</summary>
    public int DefaultMaxStatelessWorkers { get; set; } = Environment.ProcessorCount;

    /// <summary>How grain state is written to storage.</summary>
    public JsonSerializerOptions StateSerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);
}
