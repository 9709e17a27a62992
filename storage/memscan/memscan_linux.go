package memscan

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
)

const chunkSize = 1 << 20

// Scan reads every readable mapping of this process through /proc/self/mem and
// reports each place a needle occurs. Its own read buffer is a separate mapping that
// it skips.
func Scan(needles []Needle) ([]Hit, error) { return scan("self", needles) }

// ScanProcess reads every readable mapping of process pid through /proc/PID/mem, as
// Scan does for this process. The kernel lets it only a caller with ptrace rights
// over pid: the same user and pid dumpable, or CAP_SYS_PTRACE.
func ScanProcess(pid int, needles []Needle) ([]Hit, error) {
	return scan(strconv.Itoa(pid), needles)
}

func scan(proc string, needles []Needle) ([]Hit, error) {
	maps, err := os.ReadFile("/proc/" + proc + "/maps")
	if err != nil {
		return nil, err
	}
	mem, err := os.Open("/proc/" + proc + "/mem")
	if err != nil {
		return nil, err
	}
	defer mem.Close()
	longest := 0
	for _, n := range needles {
		longest = max(longest, len(n.Not))
	}
	buf, err := syscall.Mmap(-1, 0, chunkSize+longest, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return nil, err
	}
	defer syscall.Munmap(buf)
	own := uint64(uintptr(bytesAddr(buf)))
	if proc != "self" {
		own = 0 // the buffer is in this process, not the one read
	}
	var hits []Hit
	sc := bufio.NewScanner(bytes.NewReader(maps))
	for sc.Scan() {
		line := sc.Text()
		f := strings.Fields(line)
		if len(f) < 2 || !strings.HasPrefix(f[1], "r") || strings.HasSuffix(line, "[vvar]") || strings.HasSuffix(line, "[vsyscall]") || strings.HasSuffix(line, "[vvar_vclock]") {
			continue
		}
		lo, hi, ok := strings.Cut(f[0], "-")
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || start == own {
			continue
		}
		for at := start; at < end; at += chunkSize {
			n := min(uint64(chunkSize+longest), end-at)
			got, err := mem.ReadAt(buf[:n], int64(at))
			if err != nil && err != io.EOF && got == 0 {
				break // an unreadable region, such as a guard page
			}
			for _, nd := range needles {
				for _, off := range find(buf[:got], nd.Not) {
					if uint64(off) < chunkSize || at+chunkSize >= end {
						hits = append(hits, Hit{Needle: nd.Name, Addr: at + uint64(off), Mapping: line})
					}
				}
			}
		}
	}
	clear(buf)
	return hits, sc.Err()
}

// Supported reports whether Scan works here.
func Supported() bool {
	_, err := os.Stat("/proc/self/mem")
	return err == nil
}
