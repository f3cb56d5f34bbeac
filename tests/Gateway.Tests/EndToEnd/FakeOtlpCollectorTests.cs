using System.Diagnostics;
using Netra.Runtime.Testing.Otlp;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Netra.Gateway.Tests.EndToEnd;

/// <summary>The fake collector against the real OpenTelemetry OTLP exporter, over HTTP with protobuf.</summary>
public sealed class FakeOtlpCollectorTests
{
    [Fact]
    public async Task Spans_sent_by_the_OpenTelemetry_OTLP_exporter_decode_with_their_ids_names_attributes_links_and_resource()
    {
        await using var collector = FakeOtlpCollector.Start();
        var sourceName = $"Netra.Tests.Otlp.{Guid.NewGuid():N}";
        using var source = new ActivitySource(sourceName);
        Activity linked, parent, child;
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("otlp-test", serviceInstanceId: "instance-7"))
            .AddSource(sourceName)
            .AddOtlpExporter(o =>
            {
                o.Endpoint = new Uri(collector.Endpoint, "/v1/traces");
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
            })
            .Build())
        {
            using (linked = source.StartActivity("GET /ws", ActivityKind.Server)!)
            {
            }

            using (parent = source.StartActivity("ws user_message", ActivityKind.Server, default(ActivityContext), links: [new ActivityLink(linked.Context)])!)
            {
                parent.SetTag("netra.ws.action", "user_message");
                using (child = source.StartActivity("invoke_agent data", ActivityKind.Internal)!)
                {
                    child.SetTag("netra.run.id", "run_1");
                    child.SetTag("netra.agent.attempt", 2);
                    child.SetTag("ratio", 0.25);
                    child.SetTag("resumed", true);
                    child.SetTag("gen_ai.response.finish_reasons", new[] { "stop", "length" });
                    child.SetTag("text", "héllo, wörld ✓");
                    child.SetStatus(ActivityStatusCode.Error, "it broke");
                }
            }

            Assert.True(provider.ForceFlush(10_000), "the exporter flushed");
        }

        Assert.Empty(collector.Errors);
        var spans = collector.Spans.ToDictionary(s => s.Name);
        Assert.Equal(3, spans.Count);
        var (ws, agent) = (spans["ws user_message"], spans["invoke_agent data"]);
        Assert.Equal((parent.TraceId.ToHexString(), parent.SpanId.ToHexString(), null), (ws.TraceId, ws.SpanId, ws.ParentSpanId));
        Assert.Equal((parent.TraceId.ToHexString(), child.SpanId.ToHexString(), ws.SpanId), (agent.TraceId, agent.SpanId, agent.ParentSpanId));
        Assert.Equal([new OtlpLink(linked.TraceId.ToHexString(), linked.SpanId.ToHexString())], ws.Links);
        Assert.Equal((OtlpSpanKind.Server, OtlpSpanKind.Internal), (ws.Kind, agent.Kind));
        Assert.Equal((OtlpStatusCode.Error, "it broke"), (agent.Status, agent.StatusMessage));
        Assert.Equal(OtlpStatusCode.Unset, ws.Status);
        Assert.Equal("user_message", ws.Attribute("netra.ws.action"));
        Assert.Equal("run_1", agent.Attribute("netra.run.id"));
        Assert.Equal(2L, agent.Attributes["netra.agent.attempt"]);
        Assert.Equal(0.25, agent.Attributes["ratio"]);
        Assert.Equal(true, agent.Attributes["resumed"]);
        Assert.Equal(["stop", "length"], Assert.IsType<List<object?>>(agent.Attributes["gen_ai.response.finish_reasons"]));
        Assert.Equal("héllo, wörld ✓", agent.Attribute("text"));
        Assert.Equal((child.StartTimeUtc, child.StartTimeUtc + child.Duration), (agent.Start.UtcDateTime, agent.End.UtcDateTime));
        Assert.All(spans.Values, s => Assert.Equal((sourceName, "otlp-test", "instance-7"), (s.Scope, s.Resource.ServiceName, s.Resource.ServiceInstanceId)));
    }

    [Fact]
    public async Task A_body_that_is_not_a_valid_request_is_refused_with_400_and_recorded()
    {
        await using var collector = FakeOtlpCollector.Start();
        using var http = new HttpClient { BaseAddress = collector.Endpoint };

        // Field 1 (resource_spans), length-delimited, says 5 bytes follow, but only 1 does.
        var response = await http.PostAsync("/v1/traces", new ByteArrayContent([0x0A, 0x05, 0x01]));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ends 4 bytes early", Assert.Single(collector.Errors));
        Assert.Empty(collector.Spans);
    }

    [Fact]
    public void A_span_without_ids_or_with_an_id_of_the_wrong_length_is_invalid()
    {
        // resource_spans { scope_spans { spans { name: "x" } } }
        byte[] noIds = [0x0A, 0x07, 0x12, 0x05, 0x12, 0x03, 0x2A, 0x01, (byte)'x'];
        // resource_spans { scope_spans { spans { trace_id: 3 bytes } } }
        byte[] shortId = [0x0A, 0x09, 0x12, 0x07, 0x12, 0x05, 0x0A, 0x03, 1, 2, 3];

        Assert.Contains("no trace_id", Assert.Throws<InvalidDataException>(() => OtlpTraceDecoder.Decode(noIds)).Message);
        Assert.Contains("trace_id has 3 bytes", Assert.Throws<InvalidDataException>(() => OtlpTraceDecoder.Decode(shortId)).Message);
    }
}
