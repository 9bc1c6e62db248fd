package main

import "os"

var stderrW = os.Stderr
