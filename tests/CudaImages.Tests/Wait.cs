using System.Diagnostics;

namespace CudaImages.Tests;

/// <summary>Waiting for something the test cannot be told about directly, with a bound that only a hang reaches.</summary>
static class Wait
{
    /// <summary>Long enough that no slow machine reaches it; a test that does has hung, and says for what.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    public static async Task Until(Func<Task<bool>> condition, string waitingFor) => await Until(condition, HangGuard, waitingFor);

    public static async Task Until(Func<Task<bool>> condition, TimeSpan guard, string waitingFor)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > guard)
                throw new TimeoutException($"waited {guard.TotalSeconds:0} s for {waitingFor}");
            await Task.Delay(200);
        }
    }
}
