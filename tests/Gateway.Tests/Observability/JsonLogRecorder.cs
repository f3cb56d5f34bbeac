using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Netra.Observability;

namespace Netra.Gateway.Tests.Observability;

/// <summary>
/// A logger provider that formats every entry with the gateway's <see cref="NetraJsonFormatter"/>, at the moment and
/// on the flow that logs it, as the console logger does, and keeps the lines for tests to parse.
/// </summary>
public sealed class JsonLogRecorder : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly NetraJsonFormatter _formatter = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>Every line so far, parsed.</summary>
    public IReadOnlyList<JsonElement> Lines => [.. _lines.Select(l => JsonDocument.Parse(l).RootElement)];

    /// <summary>Every line so far, as written.</summary>
    public IReadOnlyCollection<string> RawLines => _lines;

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Recorder(JsonLogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            using var text = new StringWriter();
            owner._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), owner._scopes, text);
            owner._lines.Enqueue(text.ToString().TrimEnd());
        }
    }
}
