namespace Netra.Grains.Workloads.Embedded;

/// <summary>An event as the embedded store keeps it: with its arrival order and its timestamp in milliseconds.</summary>
/// <param name="Seq">Arrival order within the user's store; breaks timestamp ties in streaming reads.</param>
/// <param name="TimestampMs">The timestamp in milliseconds since the Unix epoch.</param>
/// <param name="Event">The event, its timestamp truncated to milliseconds.</param>
internal sealed record StoredEvent(long Seq, long TimestampMs, WorkloadEvent Event);
