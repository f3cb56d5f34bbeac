using Microsoft.Extensions.Logging;

namespace Netra.Runtime.Cluster.Client;

/// <summary>The cluster client's log messages. Event ids 7000–7099.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(7000, LogLevel.Information, "Cluster client {Client} sees {Count} active silos in cluster {ClusterId}: {Silos}")]
    public static partial void MembershipChanged(ILogger logger, string client, int count, string clusterId, string silos);

    [LoggerMessage(7001, LogLevel.Warning, "Cluster client {Client} could not read the membership table; it keeps its last view")]
    public static partial void RefreshFailed(ILogger logger, Exception exception, string client);

    [LoggerMessage(7002, LogLevel.Debug, "A call to {Target} waits for failover: {Silo} cannot be reached ({Reason})")]
    public static partial void WaitingForFailover(ILogger logger, string target, string silo, string reason);

    [LoggerMessage(7003, LogLevel.Debug, "Could not connect to silo {Silo} ahead of use")]
    public static partial void ConnectAheadFailed(ILogger logger, Exception exception, string silo);
}
