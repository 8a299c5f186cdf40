namespace Strata;

/// <summary>
/// The replicas a generated model's <c>Predict</c> runs on: copies of the model that share its parameters but own
/// their buffers and scratch memory, so several threads can run the same model at once. A call rents one, runs on it
/// and returns it; the pool creates a replica only when every one it has is rented, so it holds as many as the most
/// calls that ever ran at once, and renting and returning allocate nothing after that.
/// </summary>
/// <typeparam name="T">The model type.</typeparam>
public sealed class ReplicaPool<T>
    where T : class
{
    private readonly Func<ReplicaPool<T>, T> _create;
    private readonly Lock _gate = new();
    private T?[] _free = new T?[4];
    private int _count;

    /// <summary>A pool that makes a replica with <paramref name="create"/>, which is given the pool.</summary>
    public ReplicaPool(Func<ReplicaPool<T>, T> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        _create = create;
    }

    /// <summary>How many replicas exist (rented or free).</summary>
    public int Created { get; private set; }

    /// <summary>A replica for the calling thread alone until it is given back with <see cref="Return"/>.</summary>
    public T Rent()
    {
        lock (_gate)
        {
            if (_count > 0)
            {
                var replica = _free[--_count]!;
                _free[_count] = null;
                return replica;
            }
        }

        var created = _create(this);
        lock (_gate)
        {
            Created++;
        }

        return created;
    }

    /// <summary>Gives back a replica from <see cref="Rent"/>.</summary>
    public void Return(T replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        lock (_gate)
        {
            if (_count == _free.Length)
            {
                Array.Resize(ref _free, _count * 2);
            }

            _free[_count++] = replica;
        }
    }
}
