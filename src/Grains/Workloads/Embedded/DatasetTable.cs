using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Workloads.Embedded;

/// <summary>
/// One dataset of one user in the embedded store, held as columns that only grow: the events with their arrival order
/// and millisecond timestamps, plus, built on first use and extended as events arrive, a column of doubles per numeric
/// field (NaN where the event has no value; stored values are finite, as the parsers guarantee) and a dictionary-coded
/// column per string dimension.
/// <para>
/// <see cref="Add"/> is called under the owning partition's lock, and never on a <see cref="Shared"/> table (the
/// partition copies it first). <see cref="Snapshot"/> also takes the table's own lock, since a shared table's columns
/// are built by whichever of its users asks first. A snapshot hands out the arrays with the row count of that moment;
/// later appends write only past that count, or into new arrays, so a snapshot is read without any lock.
/// </para>
/// </summary>
internal sealed class DatasetTable(string name)
{
    private const int FirstCapacity = 64;
    private static readonly int s_fieldCount = Enum.GetValues<WorkloadField>().Length;
    private static readonly int s_dimensionCount = Enum.GetValues<WorkloadDimension>().Length;

    private readonly Lock _columnsLock = new();
    private readonly double[]?[] _fields = new double[]?[s_fieldCount];
    private readonly int[] _fieldRows = new int[s_fieldCount];
    private readonly DictionaryColumn?[] _dimensions = new DictionaryColumn?[s_dimensionCount];
    private WorkloadEvent[] _events = new WorkloadEvent[FirstCapacity];
    private long[] _timestamps = new long[FirstCapacity];
    private long[] _seqs = new long[FirstCapacity];

    /// <summary>The dataset's name.</summary>
    public string Name { get; } = name;

    /// <summary>How many events it holds.</summary>
    public int Count { get; private set; }

    /// <summary>Whether several users' partitions hold this table (the demo data): it is then never appended to.</summary>
    public bool Shared { get; init; }

    /// <summary>A table of the same rows that one partition may append to.</summary>
    public DatasetTable CopyForWrite()
    {
        var copy = new DatasetTable(Name);
        lock (_columnsLock)
        {
            for (var i = 0; i < Count; i++)
            {
                copy.Add(_seqs[i], _timestamps[i], _events[i]);
            }
        }

        return copy;
    }

    /// <summary>Whether <paramref name="dimension"/> is kept as a dictionary-coded column: a plain string of the event.</summary>
    public static bool IsCoded(WorkloadDimension dimension) => dimension is WorkloadDimension.Dataset or WorkloadDimension.Model
        or WorkloadDimension.Provider or WorkloadDimension.Operation or WorkloadDimension.Feature or WorkloadDimension.EndUser
        or WorkloadDimension.SessionId or WorkloadDimension.Team or WorkloadDimension.Status or WorkloadDimension.FinishReason
        or WorkloadDimension.PromptHash;

    /// <summary>Appends an event (its timestamp already truncated to <paramref name="timestampMs"/>).</summary>
    public void Add(long seq, long timestampMs, WorkloadEvent e)
    {
        if (Count == _events.Length)
        {
            // New arrays: snapshots keep reading the old ones, which no one writes again.
            _events = Grow(_events);
            _timestamps = Grow(_timestamps);
            _seqs = Grow(_seqs);
        }

        _events[Count] = e;
        _timestamps[Count] = timestampMs;
        _seqs[Count] = seq;
        Count++;
    }

    /// <summary>The rows of this moment, with the field and dimension columns that <paramref name="fields"/> and <paramref name="dimensions"/> name.</summary>
    public TableSnapshot Snapshot(IEnumerable<WorkloadField> fields, IEnumerable<WorkloadDimension> dimensions)
    {
        lock (_columnsLock)
        {
            return SnapshotLocked(fields, dimensions);
        }
    }

    private TableSnapshot SnapshotLocked(IEnumerable<WorkloadField> fields, IEnumerable<WorkloadDimension> dimensions)
    {
        var fieldColumns = new double[]?[s_fieldCount];
        foreach (var field in fields)
        {
            fieldColumns[(int)field] ??= Field(field);
        }

        var codedColumns = new CodedColumn?[s_dimensionCount];
        foreach (var dimension in dimensions.Where(IsCoded))
        {
            codedColumns[(int)dimension] ??= Coded(dimension);
        }

        return new TableSnapshot(Name, Count, _events, _timestamps, _seqs, fieldColumns, codedColumns);
    }

    private double[] Field(WorkloadField field)
    {
        var column = _fields[(int)field] ?? [];
        var rows = _fieldRows[(int)field];
        if (column.Length < Count)
        {
            var grown = new double[_events.Length];
            Array.Copy(column, grown, rows);
            column = grown;
        }

        for (var i = rows; i < Count; i++)
        {
            column[i] = WorkloadValues.Field(_events[i], _timestamps[i], field) ?? double.NaN;
        }

        _fields[(int)field] = column;
        _fieldRows[(int)field] = Count;
        return column;
    }

    private CodedColumn Coded(WorkloadDimension dimension)
    {
        var column = _dimensions[(int)dimension] ??= new DictionaryColumn();
        var group = new GroupBy(dimension);
        for (var i = column.Rows; i < Count; i++)
        {
            column.Add(WorkloadValues.Key(_events[i], _timestamps[i], group), _events.Length);
        }

        return column.Snapshot();
    }

    private static T[] Grow<T>(T[] array)
    {
        var grown = new T[array.Length * 2];
        Array.Copy(array, grown, array.Length);
        return grown;
    }

    /// <summary>A string column as codes into its distinct values (−1 for null), in order of first appearance.</summary>
    private sealed class DictionaryColumn
    {
        private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
        private int[] _rows = [];
        private string[] _values = new string[16];

        public int Rows { get; private set; }

        public void Add(string? value, int capacity)
        {
            if (_rows.Length == Rows)
            {
                var grown = new int[Math.Max(capacity, FirstCapacity)];
                Array.Copy(_rows, grown, Rows);
                _rows = grown;
            }

            var code = -1;
            if (value is not null && !_codes.TryGetValue(value, out code))
            {
                code = _codes.Count;
                if (code == _values.Length)
                {
                    _values = Grow(_values);
                }

                _values[code] = value;
                _codes.Add(value, code);
            }

            _rows[Rows++] = code;
        }

        public CodedColumn Snapshot() => new(_rows, _values, _codes.Count);
    }
}

/// <summary>A dictionary-coded column as of a snapshot: row <c>i</c> holds <c>Values[Codes[i]]</c>, or null when the code is −1.</summary>
/// <param name="Codes">The code per row.</param>
/// <param name="Values">The distinct values by code (the first <paramref name="Distinct"/> are set).</param>
/// <param name="Distinct">How many distinct values there are.</param>
internal sealed record CodedColumn(int[] Codes, string[] Values, int Distinct);

/// <summary>A dataset's rows as of one moment, read without the lock (see <see cref="DatasetTable"/>).</summary>
/// <param name="Name">The dataset.</param>
/// <param name="Count">Its rows.</param>
/// <param name="Events">The events by row.</param>
/// <param name="Timestamps">The timestamps in milliseconds by row.</param>
/// <param name="Seqs">The arrival order by row.</param>
/// <param name="Fields">The numeric columns asked for, by <see cref="WorkloadField"/>; NaN where there is no value.</param>
/// <param name="Coded">The string columns asked for, by <see cref="WorkloadDimension"/>.</param>
internal sealed record TableSnapshot(
    string Name, int Count, WorkloadEvent[] Events, long[] Timestamps, long[] Seqs, double[]?[] Fields, CodedColumn?[] Coded)
{
    /// <summary>The numeric column of <paramref name="field"/>.</summary>
    public double[] Field(WorkloadField field) => Fields[(int)field] ?? throw new InvalidOperationException($"{field} was not in the snapshot.");

    /// <summary>The coded column of <paramref name="dimension"/>.</summary>
    public CodedColumn Dimension(WorkloadDimension dimension) =>
        Coded[(int)dimension] ?? throw new InvalidOperationException($"{dimension} was not in the snapshot.");
}
