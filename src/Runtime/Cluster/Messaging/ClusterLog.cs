using Microsoft.Extensions.Logging;

namespace Netra.Runtime.Cluster.Messaging;

/// <summary>The cluster's log messages. Event ids 6000–6099.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(6000, LogLevel.Warning, "The response to call #{CallerId} could not be sent back to its caller")]
    public static partial void ResponseNotSent(ILogger logger, Exception exception, long callerId);

    [LoggerMessage(6001, LogLevel.Warning, "A frame from {Peer} could not be read; the connection stays open")]
    public static partial void BadFrame(ILogger logger, Exception exception, string peer);

    [LoggerMessage(6002, LogLevel.Information, "Silo {Silo} joined cluster {ClusterId}")]
    public static partial void Joined(ILogger logger, string silo, string clusterId);

    [LoggerMessage(6003, LogLevel.Information, "Membership changed: {Count} active silos ({Silos})")]
    public static partial void MembershipChanged(ILogger logger, int count, string silos);

    [LoggerMessage(6004, LogLevel.Critical, "Silo {Silo} was declared dead by the cluster; stopping")]
    public static partial void DeclaredDead(ILogger logger, string silo);

    [LoggerMessage(6005, LogLevel.Information, "Deactivating {Count} activations this silo no longer owns")]
    public static partial void HandingOff(ILogger logger, int count);

    [LoggerMessage(6006, LogLevel.Debug, "The cancellation of call #{CallId} could not be sent")]
    public static partial void CancelNotSent(ILogger logger, Exception exception, long callId);
}
