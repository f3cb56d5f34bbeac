using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Netra.Gateway.Tests.Workloads;

/// <summary>NDJSON bodies for the workloads API.</summary>
internal static class WorkloadEvents
{
    /// <summary>One event line, in dataset <paramref name="dataset"/>.</summary>
    public static string Line(string dataset, int minute = 0, string model = "gpt-4o-mini", long input = 1_000_000, long output = 0, double? latency = 500, string feature = "chat") =>
        JsonSerializer.Serialize(new
        {
            timestamp = new DateTimeOffset(2026, 11, 20, 10, minute, 0, TimeSpan.Zero),
            model,
            input_tokens = input,
            output_tokens = output,
            latency_ms = latency,
            feature,
            dataset,
        });

    public static HttpContent Ndjson(params string[] lines)
    {
        var content = new StringContent(string.Join("\n", lines), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        return content;
    }

    public static async Task<JsonElement> PostAsync(HttpClient client, params string[] lines)
    {
        var response = await client.PostAsync("/api/workloads/events", Ndjson(lines));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }
}
