using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Netra.Gateway.Tests;

/// <summary>A logger provider that keeps every line, with its exception, so tests can read what was logged.</summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Every line so far: category, message and exception text.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)} {exception}");
    }
}
