// A string the guest passes by pointer and length, read by the host without
// trusting either: the guest may pass anything.

/** Linux's longest path, with its NUL. */
export const PATH_MAX = 4096;

/** The text of the `len` bytes at `ptr` in the guest's memory, or the errno
 *  name that says why there is none: EFAULT (not all inside the memory),
 *  ENAMETOOLONG (longer than `max`), EINVAL (a NUL inside, which no C
 *  string holds). */
export function guestText(buf: ArrayBufferLike, ptr: number, len: number, max = PATH_MAX):
    { text: string } | { errno: 'EFAULT' | 'ENAMETOOLONG' | 'EINVAL' } {
  ptr >>>= 0; len >>>= 0;
  if (len > max) return { errno: 'ENAMETOOLONG' };
  if (ptr + len > buf.byteLength) return { errno: 'EFAULT' };
  // A copy: TextDecoder refuses views of shared memory.
  const bytes = new Uint8Array(buf, ptr, len).slice();
  if (bytes.includes(0)) return { errno: 'EINVAL' };
  return { text: new TextDecoder().decode(bytes) };
}
