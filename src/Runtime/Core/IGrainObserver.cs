namespace Netra.Runtime;

/// <summary>
/// An object outside any grain that grains can call back, such as a gateway's per-connection listener. Its methods
/// follow the rules of grain interface methods. <see cref="IGrainFactory.CreateObjectReference{TObserver}"/> makes a
/// reference that can be passed to grains; calls on it travel back to the process that created it.
/// </summary>
public interface IGrainObserver : IAddressable;
