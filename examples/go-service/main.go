package main

import (
	"fmt"
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/items", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "[]")
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
