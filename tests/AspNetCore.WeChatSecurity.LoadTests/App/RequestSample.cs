using System.Runtime.InteropServices;

namespace AspNetCore.WeChatSecurity.LoadTests.App;

/// <summary>
/// One request as <see cref="RequestRecorder"/> saw it: the kind the client labelled it with, the CPU time and the bytes
/// the serving thread spent between entering and leaving the pipeline, and whether the pipeline completed before it
/// returned (only then are the two figures the whole request's). Blittable, so that a run's samples cross the control
/// channel as one block of bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct RequestSample(int Slot, int CpuNanoseconds, int AllocatedBytes, bool CompletedSynchronously);
