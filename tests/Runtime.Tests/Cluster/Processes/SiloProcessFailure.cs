namespace Netra.Runtime.Tests.Cluster.Processes;

/// <summary>A test failure that carries the silo processes' output (see <see cref="SiloProcessCluster.WithSiloOutput"/>).</summary>
public sealed class SiloProcessFailure(string message, Exception inner) : Exception(message, inner);
