using System.Text.Json;
using Netra.Runtime.Placement;

namespace Netra.Runtime.Cluster.Membership;

/// <summary>
/// Suspicion votes as stored in <c>netra_membership.suspicions</c>: a JSON array of
/// <c>{"host":…,"port":…,"generation":…,"time":"ISO 8601"}</c>. Hand-written so no reflection is involved.
/// </summary>
internal static class SuspicionJson
{
    public static string Write(IReadOnlyList<SuspectVote> votes)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var vote in votes)
            {
                writer.WriteStartObject();
                writer.WriteString("host", vote.Voter.Host);
                writer.WriteNumber("port", vote.Voter.Port);
                writer.WriteNumber("generation", vote.Voter.Generation);
                writer.WriteString("time", vote.Time.ToUniversalTime());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static IReadOnlyList<SuspectVote> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var votes = new List<SuspectVote>(document.RootElement.GetArrayLength());
        foreach (var vote in document.RootElement.EnumerateArray())
        {
            var voter = new SiloAddress(
                vote.GetProperty("host").GetString() ?? "",
                vote.GetProperty("port").GetInt32(),
                vote.GetProperty("generation").GetInt64());
            votes.Add(new SuspectVote(voter, vote.GetProperty("time").GetDateTimeOffset()));
        }

        return votes;
    }
}
