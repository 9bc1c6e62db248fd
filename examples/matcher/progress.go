package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// progressMeter prints "items processed, rate, ETA" lines to stderr for runs
// longer than a couple of seconds. It is quiet when stderr is not a terminal
// unless forced with --progress.
type progressMeter struct {
	w      io.Writer
	label  string
	total  int
	start  time.Time
	mu     sync.Mutex
	done   int
	stop   chan struct{}
	exited chan struct{}
}

func stderrIsTerminal() bool {
	fi, err := os.Stderr.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// startProgress returns nil (a no-op meter) when progress output is off.
func startProgress(enabled bool, w io.Writer, label string, total int) *progressMeter {
	if !enabled {
		return nil
	}
	p := &progressMeter{w: w, label: label, total: total, start: time.Now(), stop: make(chan struct{}), exited: make(chan struct{})}
	go p.loop()
	return p
}

func (p *progressMeter) set(done int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.done = done
	p.mu.Unlock()
}

func (p *progressMeter) loop() {
	defer close(p.exited)
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case now := <-t.C:
			el := now.Sub(p.start)
			if el < 2*time.Second {
				continue
			}
			p.mu.Lock()
			done := p.done
			p.mu.Unlock()
			rate := float64(done) / el.Seconds()
			eta := "?"
			if rate > 0 && p.total > done {
				eta = time.Duration(float64(p.total-done) / rate * float64(time.Second)).Round(time.Second).String()
			}
			fmt.Fprintf(p.w, "%s: %d/%d items, %.0f items/s, ETA %s\n", p.label, done, p.total, rate, eta)
		}
	}
}

func (p *progressMeter) finish() {
	if p == nil {
		return
	}
	close(p.stop)
	<-p.exited
}
