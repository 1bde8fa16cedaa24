using System.Globalization;
using AspNetCore.WeChatSecurity.Measuring;
using Microsoft.AspNetCore.Http;

namespace AspNetCore.WeChatSecurity.LoadTests.App;

/// <summary>
/// The first middleware of the load app: while recording, it reads the serving thread's CPU time
/// (<see cref="ThreadCpuClock"/>) and allocated bytes before and after the rest of the pipeline and keeps one
/// <see cref="RequestSample"/> per request the client labelled with <see cref="SlotHeader"/>. Every request goes through
/// the same instructions whatever its label or endpoint (the label is read only after the second reading), so the
/// instrument's own cost is one constant on both sides of a comparison. When not recording it costs one volatile read.
/// </summary>
internal sealed class RequestRecorder
{
    /// <summary>The request header by which the client says which kind of request it sent (a small integer).</summary>
    public const string SlotHeader = "X-Load-Slot";

    private RequestSample[] _samples = [];
    private int _claimed;
    private int _inFlight;
    private volatile bool _recording;

    /// <summary>Starts a recording of at most <paramref name="capacity"/> labelled requests, forgetting the last one.</summary>
    public void Start(int capacity)
    {
        _samples = new RequestSample[capacity];
        _claimed = 0;
        _recording = true;
    }

    /// <summary>Stops recording and returns the samples in the order the requests left the pipeline.</summary>
    public ReadOnlySpan<RequestSample> Stop()
    {
        _recording = false;

        // A response can reach the client before the middleware that served it has written its sample: wait for those.
        SpinWait.SpinUntil(() => Volatile.Read(ref _inFlight) == 0);
        return _samples.AsSpan(0, Math.Min(_claimed, _samples.Length));
    }

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!_recording)
        {
            return next(context);
        }

        Interlocked.Increment(ref _inFlight);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = ThreadCpuClock.Nanoseconds();
        var pipeline = next(context);

        // Not awaited: a pipeline that has not completed by now continues on another thread, whose CPU time this
        // thread's clock does not see. Such a request is kept as not completed synchronously and left out of the figures.
        var cpuAfter = ThreadCpuClock.Nanoseconds();
        var allocatedAfter = GC.GetAllocatedBytesForCurrentThread();
        var completed = pipeline.IsCompletedSuccessfully;

        if (int.TryParse(context.Request.Headers[SlotHeader], NumberStyles.None, CultureInfo.InvariantCulture, out var slot))
        {
            var index = Interlocked.Increment(ref _claimed) - 1;
            if (index < _samples.Length)
            {
                _samples[index] = new RequestSample(
                    slot, (int)Math.Min(cpuAfter - cpu, int.MaxValue), (int)Math.Min(allocatedAfter - allocated, int.MaxValue), completed);
            }
        }

        Interlocked.Decrement(ref _inFlight);
        return pipeline;
    }
}
