using System.Globalization;
using System.IO.Compression;
using System.Net;
using Netra.Runtime.Testing.Processes;

namespace Netra.Runtime.Testing.Otlp;

/// <summary>
/// An OpenTelemetry collector on loopback for tests, speaking OTLP/HTTP with protobuf bodies: it keeps every span
/// posted to <c>/v1/traces</c> (decoded by <see cref="OtlpTraceDecoder"/>) and accepts and drops
/// <c>/v1/metrics</c> and <c>/v1/logs</c>. Point a process at it with <see cref="ExporterEnvironment"/>.
/// </summary>
public sealed class FakeOtlpCollector : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly List<OtlpSpan> _spans = [];
    private readonly List<string> _errors = [];
    private readonly Task _loop;
    private int _traceRequests;

    private FakeOtlpCollector(HttpListener listener, Uri endpoint)
    {
        _listener = listener;
        Endpoint = endpoint;
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The base address, <c>http://127.0.0.1:port</c>: the value of <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Every span received so far, in arrival order.</summary>
    public IReadOnlyList<OtlpSpan> Spans
    {
        get
        {
            lock (_spans)
            {
                return [.. _spans];
            }
        }
    }

    /// <summary>How many <c>/v1/traces</c> requests arrived.</summary>
    public int TraceRequests => Volatile.Read(ref _traceRequests);

    /// <summary>Requests that could not be decoded, with the reason; a test should expect none.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Starts a collector on a free loopback port.</summary>
    public static FakeOtlpCollector Start()
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = ChildProcess.FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
            try
            {
                listener.Start();
                return new FakeOtlpCollector(listener, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}")));
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close(); // someone took the port in between: try another
            }
        }
    }

    /// <summary>
    /// The environment that makes an OpenTelemetry SDK export here: OTLP over HTTP with protobuf, batches sent every
    /// 200 ms (so spans arrive soon after they end, even from a process about to be killed) from a queue big enough
    /// for a busy test, and <c>netra.test.process</c> = <paramref name="process"/> among the resource attributes, so a
    /// test can tell its processes apart.
    /// </summary>
    public IReadOnlyDictionary<string, string> ExporterEnvironment(string process) => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BSP_MAX_QUEUE_SIZE"] = "65536",
        ["OTEL_BSP_MAX_EXPORT_BATCH_SIZE"] = "2048",
        ["OTEL_RESOURCE_ATTRIBUTES"] = $"netra.test.process={process}",
    };

    /// <summary>
    /// Waits until <paramref name="condition"/> holds for the spans received, and returns them. Throws a
    /// <see cref="TimeoutException"/> with <paramref name="describe"/>'s account of what is missing if it does not
    /// hold within <paramref name="timeout"/>.
    /// </summary>
    public async Task<IReadOnlyList<OtlpSpan>> WaitUntilAsync(
        Func<IReadOnlyList<OtlpSpan>, bool> condition, TimeSpan timeout, Func<IReadOnlyList<OtlpSpan>, string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var spans = Spans;
            if (condition(spans))
            {
                return spans;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"The collector did not get the spans expected within {timeout} ({spans.Count} spans in {TraceRequests} requests"
                    + $"{(Errors.Count > 0 ? "; errors: " + string.Join("; ", Errors) : "")}): {describe(spans)}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        _listener.Close();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var path = context.Request.Url?.AbsolutePath;
            if (context.Request.HttpMethod != "POST" || path is not ("/v1/traces" or "/v1/metrics" or "/v1/logs"))
            {
                response.StatusCode = 404;
                return;
            }

            var body = await ReadBodyAsync(context.Request);
            if (path == "/v1/traces")
            {
                Interlocked.Increment(ref _traceRequests);
                var spans = OtlpTraceDecoder.Decode(body);
                lock (_spans)
                {
                    _spans.AddRange(spans);
                }
            }

            response.StatusCode = 200;
            response.ContentType = "application/x-protobuf"; // an empty Export*ServiceResponse: everything accepted
        }
        catch (InvalidDataException exception)
        {
            lock (_errors)
            {
                _errors.Add(exception.Message);
            }

            response.StatusCode = 400;
        }
        catch (Exception exception) when (exception is IOException or HttpListenerException)
        {
            // The exporter went away (its process was killed) in the middle of its request: nothing to keep.
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
            {
                // The exporter went away (its process was killed) before the answer.
            }
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpListenerRequest request)
    {
        using var buffer = new MemoryStream();
        var body = request.InputStream;
        if (string.Equals(request.Headers["Content-Encoding"], "gzip", StringComparison.OrdinalIgnoreCase))
        {
            body = new GZipStream(body, CompressionMode.Decompress);
        }

        await using (body)
        {
            await body.CopyToAsync(buffer);
        }

        return buffer.ToArray();
    }
}
