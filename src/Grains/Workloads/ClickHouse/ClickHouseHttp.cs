using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>
/// ClickHouse's HTTP interface: statements in the POST body (inserts in the URL, their rows in the body), the user and
/// password in the <c>X-ClickHouse-User</c>/<c>X-ClickHouse-Key</c> headers (never the URL, which servers and proxies log).
/// A request that cannot connect, times out or gets a 5xx is retried with exponential backoff and jitter, and after
/// <see cref="ClickHouseStoreOptions.MaxAttempts"/> turns into <see cref="WorkloadStoreUnavailableException"/>. A 4xx is
/// the statement's fault and is thrown at once as <see cref="InvalidOperationException"/>.
/// </summary>
internal sealed class ClickHouseHttp(HttpClient client, ClickHouseStoreOptions options, TimeProvider time, ILogger logger)
{
    private const string Settings = "output_format_json_quote_64bit_integers=0&max_query_size=16777216&input_format_skip_unknown_fields=0&allow_experimental_low_cardinality_type=1";
    private const string CachedReads = "&use_uncompressed_cache=1&merge_tree_max_rows_to_use_cache=1000000000000";
    private readonly Uri _baseUri = new(options.Url.TrimEnd('/') + "/?" + Settings + (options.UseUncompressedCache ? CachedReads : ""));

    /// <summary>Runs a statement and ignores its output.</summary>
    public async Task ExecuteAsync(string operation, string sql, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(operation, () => Request(null, new StringContent(sql, Encoding.UTF8)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a schema statement once, with no time limit but <paramref name="cancellationToken"/>'s, under
    /// <paramref name="queryId"/>: ClickHouse refuses a second query of that id while the first runs, so a statement
    /// that outlives its caller (a copy of many rows) is never run twice at once, by a retry or by another process.
    /// </summary>
    public async Task ExecuteOnceAsync(string operation, string sql, string queryId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            operation, () => Request(null, new StringContent(sql, Encoding.UTF8), queryId), cancellationToken, once: true, timeout: Timeout.InfiniteTimeSpan)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a <c>SELECT … FORMAT JSONEachRow</c> and returns its rows as JSON, for small results; <paramref name="once"/>
    /// makes one attempt only.
    /// </summary>
    public Task<List<JsonElement>> QueryAsync(string operation, string sql, CancellationToken cancellationToken, bool once = false) =>
        QueryAsync(operation, sql, static row => JsonElement.Parse(row), cancellationToken, once);

    /// <summary>
    /// Runs a <c>SELECT … FORMAT JSONEachRow</c> and returns its rows as <paramref name="parse"/> reads them from the
    /// UTF-8 lines (<see cref="ClickHouseLines"/>): no string or document per row.
    /// </summary>
    public async Task<List<T>> QueryAsync<T>(string operation, string sql, ClickHouseRowParser<T> parse, CancellationToken cancellationToken, bool once = false)
    {
        using var response = await SendAsync(operation, () => Request(null, new StringContent(sql, Encoding.UTF8)), cancellationToken, streaming: true, once: once)
            .ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await ClickHouseLines.ReadAllAsync(operation, body, parse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a <c>SELECT … FORMAT JSONEachRow</c> and yields its rows as they arrive, read by <paramref name="parse"/>.
    /// Only the request is retried; a failure once rows flow (ClickHouse then appends its error to the body) throws.
    /// </summary>
    public async IAsyncEnumerable<T> StreamAsync<T>(
        string operation, string sql, ClickHouseRowParser<T> parse, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await SendAsync(operation, () => Request(null, new StringContent(sql, Encoding.UTF8)), cancellationToken, streaming: true)
            .ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var row in ClickHouseLines.StreamAsync(operation, body, parse, cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }

    /// <summary>
    /// Sends rows to <paramref name="insert"/> (an <c>INSERT … FORMAT …</c> statement). <paramref name="body"/> makes a
    /// fresh body per attempt. Before each retry <paramref name="storedAlready"/> is asked (in one attempt) whether
    /// the failed attempt stored the rows after all and only its answer was lost, so a retry never stores them twice.
    /// </summary>
    public async Task InsertAsync(
        string operation, string insert, Func<HttpContent> body, Func<CancellationToken, Task<bool>> storedAlready, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(operation, () => Request(insert, body()), cancellationToken, beforeRetry: storedAlready)
            .ConfigureAwait(false);
    }

    private HttpRequestMessage Request(string? query, HttpContent content, string? queryId = null)
    {
        var uri = new Uri(_baseUri + (query is null ? "" : "&query=" + Uri.EscapeDataString(query)) + (queryId is null ? "" : "&query_id=" + Uri.EscapeDataString(queryId)));
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        request.Headers.Add("X-ClickHouse-User", options.User);
        if (!string.IsNullOrEmpty(options.Password))
        {
            request.Headers.Add("X-ClickHouse-Key", options.Password);
        }

        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(
        string operation,
        Func<HttpRequestMessage> makeRequest,
        CancellationToken cancellationToken,
        bool streaming = false,
        Func<CancellationToken, Task<bool>>? beforeRetry = null,
        bool once = false,
        TimeSpan? timeout = null)
    {
        var attempts = once ? 1 : Math.Max(1, options.MaxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            string reason;
            Exception? failure = null;
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                limit.CancelAfter(timeout ?? options.RequestTimeout);
                try
                {
                    if (attempt > 1 && beforeRetry is not null && await beforeRetry(limit.Token).ConfigureAwait(false))
                    {
                        return new HttpResponseMessage(HttpStatusCode.OK); // the lost attempt had done it
                    }

                    using var request = makeRequest();
                    var response = await client.SendAsync(
                        request, streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead,
                        limit.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        return response;
                    }

                    var text = Trim(await response.Content.ReadAsStringAsync(limit.Token).ConfigureAwait(false));
                    var status = (int)response.StatusCode;
                    response.Dispose();
                    if (status < 500)
                    {
                        throw new InvalidOperationException($"ClickHouse rejected {operation} ({status}): {text}");
                    }

                    reason = $"HTTP {status}: {text}";
                }
                catch (HttpRequestException exception)
                {
                    (reason, failure) = (exception.Message, exception);
                }
                catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
                {
                    (reason, failure) = ($"no answer within {options.RequestTimeout.TotalSeconds:0.#} s", exception);
                }
                catch (WorkloadStoreUnavailableException exception) when (beforeRetry is not null)
                {
                    (reason, failure) = (exception.Message, exception); // the check for a lost insert failed too
                }
            }

            if (attempt >= attempts)
            {
                ClickHouseLog.Unavailable(logger, operation, attempt, reason);
                var message = $"The ClickHouse workload store at {options.SafeUrl} is unavailable: {operation} failed {attempt} times, last with {reason}";
                throw failure is null ? new WorkloadStoreUnavailableException(message) : new WorkloadStoreUnavailableException(message, failure);
            }

            var delay = Backoff(attempt);
            ClickHouseLog.Retrying(logger, operation, attempt, attempts, (long)delay.TotalMilliseconds, reason);
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var exponential = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        return TimeSpan.FromMilliseconds(exponential * (1 + (Random.Shared.NextDouble() * 0.5)));
    }

    private static string Trim(string text)
    {
        text = text.Trim();
        return text.Length > 2000 ? text[..2000] + "…" : text;
    }
}
